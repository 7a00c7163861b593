import { messageOf } from '../../core/errors.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../core/log.js';
import type { Units } from '../../core/units.js';
import type { HistoryReader } from '../history-types.js';
import { type Asset, loadAssets } from './assets.js';
import { clearedSessionCookie, cookieValue, PasswordAuth, SESSION_COOKIE, sessionCookie } from './auth.js';
import { REVALIDATE, setSecurityHeaders } from './headers.js';
import type { LiveSource } from './live-source.js';
import { type LoginMessage, loginPage } from './login-page.js';
import { parseRangeQuery } from './range-query.js';
import { DEFAULT_RATE_LIMIT, type RateLimitOptions } from './rate-limit.js';
import { clientAddress, readBody, redirect, sendHtml, sendJson, sendText } from './respond.js';
import { isLoopbackHost } from '../../config/dashboard-settings.js';
import { HistoryView } from './snapshot.js';
import { DEFAULT_LIVE_STREAM, LiveStream, type LiveStreamOptions } from './sse.js';
import { unitTable } from '../../quantities/unit-table.js';
import type { Snapshot } from './wire.js';

export interface DashboardServerOptions {
  readonly host: string;
  /** 0: any free port (tests). */
  readonly port: number;
  /** Undefined: no login; then only requests naming a loopback host are answered. */
  readonly password: string | undefined;
  readonly history: HistoryReader;
  readonly live: LiveSource;
  /** The bridge's OWM_UNITS, for the units shown next to its quantities. */
  readonly units?: Units;
  /** Where index.html, app.js and app.css are (shippedAssetsDirectory() in the program). */
  readonly assetsDirectory: string;
  readonly log?: Pick<Logger, 'warn' | 'info'>;
  readonly now?: () => number;
  readonly liveStream?: Partial<LiveStreamOptions>;
  readonly rateLimit?: Partial<Omit<RateLimitOptions, 'now'>>;
}

export interface DashboardServer {
  /** http://host:port/ as a browser on this machine would open it. */
  readonly url: string;
  readonly port: number;
  /** Live-stream clients now connected, and dropped for reading too slowly since start. */
  liveClients(): { connected: number; dropped: number };
  close(): Promise<void>;
}

const LOGIN_BODY_BYTES = 2048;
const SILENT = { warn: () => undefined, info: () => undefined };

/**
 * The dashboard's web server: the page and its assets, the JSON endpoints, the live stream and
 * the login. Read-only: nothing it answers publishes to the broker or writes to the history.
 */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  if (options.password === undefined && !isLoopbackHost(options.host)) {
    throw new Error(`the dashboard would listen on ${options.host} without a password: set DASHBOARD_PASSWORD`);
  }
  const now = options.now ?? Date.now;
  const log = options.log ?? SILENT;
  const assets = loadAssets(options.assetsDirectory);
  const auth =
    options.password === undefined
      ? undefined
      : new PasswordAuth({ password: options.password, now, rateLimit: { ...DEFAULT_RATE_LIMIT, ...options.rateLimit } });
  const stream = new LiveStream(options.live, { ...DEFAULT_LIVE_STREAM, ...options.liveStream });
  const view = new HistoryView(options.history, options.live, unitTable(options.units ?? 'metric'), now, log);

  const signedIn = (request: IncomingMessage) => auth === undefined || auth.valid(cookieValue(request.headers.cookie, SESSION_COOKIE));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    setSecurityHeaders(response);
    const url = new URL(request.url ?? '/', 'http://dashboard.invalid');
    const method = request.method ?? 'GET';
    if (auth === undefined && !isLoopbackHost(hostName(request.headers.host))) {
      // Without a password, answer only a browser that asked for this machine by a loopback name:
      // a page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) reads nothing.
      return sendText(
        response,
        403,
        'This dashboard answers only at http://127.0.0.1 (or localhost): set DASHBOARD_PASSWORD to open it to other names.\n',
      );
    }
    const post = url.pathname === '/login' || url.pathname === '/logout';
    if (post ? method !== 'POST' && method !== 'GET' : method !== 'GET' && method !== 'HEAD') {
      return sendText(response, 405, 'Method not allowed: the dashboard is read-only.\n', { Allow: post ? 'GET, POST' : 'GET, HEAD' });
    }
    if (method === 'POST' && !sameOrigin(request)) return sendText(response, 403, 'Cross-site form refused.\n');

    switch (url.pathname) {
      case '/':
        if (!signedIn(request)) return redirect(response, '/login');
        return sendAsset(request, response, assets.get('/')!);
      case '/app.js':
      case '/app.css':
        return sendAsset(request, response, assets.get(url.pathname)!);
      case '/login':
        if (auth === undefined) return redirect(response, '/');
        if (method === 'GET') return sendHtml(response, 200, loginPage('none'));
        return login(request, response, auth);
      case '/logout':
        if (method !== 'POST') return redirect(response, auth === undefined ? '/' : '/login');
        auth?.logout(cookieValue(request.headers.cookie, SESSION_COOKIE));
        return sendHtml(response, 200, loginPage('loggedOut'), { 'Set-Cookie': clearedSessionCookie() });
      case '/api/series':
        if (!signedIn(request)) return sendJson(request, response, 401, { error: 'log in first' });
        return sendJson(request, response, 200, view.seriesList());
      case '/api/range': {
        if (!signedIn(request)) return sendJson(request, response, 401, { error: 'log in first' });
        const parsed = parseRangeQuery(url.searchParams);
        if (!parsed.ok) return sendJson(request, response, 400, { error: parsed.error });
        const ranges = view.ranges(parsed.query);
        return sendJson(request, response, ranges.ok ? 200 : 503, ranges.ok ? ranges.body : { error: ranges.error });
      }
      case '/api/live': {
        if (!signedIn(request)) return sendJson(request, response, 401, { error: 'log in first' });
        const snapshot: Snapshot = { ...view.snapshot(), auth: auth !== undefined };
        return stream.attach(response, snapshot);
      }
      default:
        return sendText(response, 404, 'Not found.\n');
    }
  }

  async function login(request: IncomingMessage, response: ServerResponse, gate: PasswordAuth): Promise<void> {
    const type = String(request.headers['content-type'] ?? '');
    const body = type.startsWith('application/x-www-form-urlencoded') ? await readBody(request, LOGIN_BODY_BYTES) : undefined;
    const candidate = body === undefined ? '' : (new URLSearchParams(body).get('password') ?? '');
    const result = gate.login(clientAddress(request), candidate);
    const page = (status: number, message: LoginMessage, headers: Record<string, string> = {}) =>
      sendHtml(response, status, loginPage(message), headers);
    switch (result.outcome) {
      case 'ok': {
        const secure = request.headers['x-forwarded-proto'] === 'https';
        return redirect(response, '/', { 'Set-Cookie': sessionCookie(result.token, secure) });
      }
      case 'wrong':
        log.warn(`dashboard: wrong password from ${clientAddress(request)}`);
        return page(401, 'wrong');
      case 'limited':
        return page(429, 'limited', { 'Retry-After': String(Math.ceil(result.retryAfterMs / 1000)) });
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.warn(`dashboard: ${request.method} ${request.url?.split('?')[0]} failed: ${messageOf(error)}`);
      if (!response.headersSent) sendText(response, 500, 'Internal error: see the dashboard log.\n');
      else response.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.maxConnections = 128;
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost === '0.0.0.0' || shownHost === '[::]' ? '127.0.0.1' : shownHost}:${port}/`,
    port,
    liveClients: () => ({ connected: stream.size, dropped: stream.dropped }),
    close: () =>
      new Promise<void>((resolve) => {
        stream.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function sendAsset(request: IncomingMessage, response: ServerResponse, asset: Asset): void {
  const headers = { 'Content-Type': asset.type, 'Cache-Control': REVALIDATE, ETag: asset.etag, Vary: 'Accept-Encoding' };
  if (request.headers['if-none-match'] === asset.etag) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  const body = gzip ? asset.gzip : asset.body;
  response.writeHead(200, { ...headers, 'Content-Length': String(body.length), ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
  response.end(body);
}

/** `127.0.0.1:8377` → `127.0.0.1`; `[::1]:8377` → `[::1]`. */
function hostName(host: string | undefined): string {
  if (host === undefined) return '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
}

/** A form post from our own page: the browser says so (Sec-Fetch-Site), and its Origin, when sent, names this host. */
function sameOrigin(request: IncomingMessage): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
