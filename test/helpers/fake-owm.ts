import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { trackServer } from './processes.js';

/**
 * OpenWeatherMap played by a real HTTP server on 127.0.0.1: recorded bodies
 * from fixtures/owm, and scripted faults, per location.
 */
export type Reply =
  | ({ fixture: string } & ReplyOptions)
  /** A Buffer for bytes that are not text (a gzip body). */
  | ({ body: string | Buffer } & ReplyOptions)
  /** Accept the request, then close the socket without answering. */
  | { drop: true }
  /** Never answer. */
  | { hang: true };

interface ReplyOptions {
  status?: number;
  /** Replace the defaults (a JSON content type, and the Date header Node adds: give `date` to set the server's clock). */
  headers?: Record<string, string>;
  delayMs?: number;
  /** Answer only once this settles: the test decides when the request ends, with no clock involved. */
  after?: Promise<unknown>;
  /** Send no Date header at all. */
  noDate?: true;
}

export interface LoggedRequest {
  readonly at: number;
  readonly path: string;
  readonly params: URLSearchParams;
  /** The selector part of the query, like `q=Paris,FR` or `lat=1&lon=2`. */
  readonly selector: string;
  readonly headers: IncomingHttpHeaders;
}

export interface FakeOwm {
  readonly url: string;
  readonly requests: LoggedRequest[];
  /** Replies for one selector, in order; the last one repeats. */
  script(selector: string, replies: Reply[]): void;
  close(): Promise<void>;
}

const FIXTURES = fileURLToPath(new URL('../../fixtures/owm/', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

/**
 * A recorded forecast body moved in time so that its first step is `firstStepSeconds` (a 3-hour
 * boundary near now): every `dt` and `dt_txt` shifted by the same amount, nothing else changed.
 */
export function shiftedForecast(name: string, firstStepSeconds: number): string {
  const body = JSON.parse(fixture(name)) as { list: { dt: number; dt_txt?: string }[] };
  const shift = firstStepSeconds - body.list[0]!.dt;
  for (const step of body.list) {
    step.dt += shift;
    step.dt_txt = new Date(step.dt * 1000).toISOString().replace('T', ' ').slice(0, 19);
  }
  return JSON.stringify(body);
}

export function selectorOf(params: URLSearchParams): string {
  for (const key of ['q', 'id', 'zip']) {
    const value = params.get(key);
    if (value !== null) return `${key}=${value}`;
  }
  return `lat=${params.get('lat')}&lon=${params.get('lon')}`;
}

/** `logRequests: false` keeps no request log (a soak in the same process must not measure it). */
export async function startFakeOwm(options: {
  apiKey: string;
  scripts?: Record<string, Reply[]>;
  logRequests?: boolean;
}): Promise<FakeOwm> {
  const scripts = new Map<string, Reply[]>(Object.entries(options.scripts ?? {}));
  const served = new Map<string, number>();
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Air quality is scripted as `air:lat=…&lon=…`, the forecast as `forecast:<selector>`.
    const air = url.pathname === '/data/2.5/air_pollution';
    const forecast = url.pathname === '/data/2.5/forecast';
    // Geocoding as `geo:direct:q=…` (its `limit` logged, not part of the key) and `geo:zip:zip=…`.
    const geo = /^\/geo\/1\.0\/(direct|zip)$/.exec(url.pathname)?.[1];
    const selector = air
      ? `air:lat=${url.searchParams.get('lat')}&lon=${url.searchParams.get('lon')}`
      : `${forecast ? 'forecast:' : geo ? `geo:${geo}:` : ''}${selectorOf(url.searchParams)}`;
    if (options.logRequests !== false)
      requests.push({ at: Date.now(), path: url.pathname, params: url.searchParams, selector, headers: req.headers });
    if (url.searchParams.get('appid') !== options.apiKey) {
      return send(res, { fixture: 'error-401-invalid-api-key.json', status: 401 });
    }
    const replies = scripts.get(selector);
    if ((url.pathname !== '/data/2.5/weather' && !air && !forecast && !geo) || !replies || replies.length === 0) {
      return send(res, { fixture: 'error-404-city-not-found.json', status: 404 });
    }
    const count = served.get(selector) ?? 0;
    served.set(selector, count + 1);
    send(res, replies[Math.min(count, replies.length - 1)]!);
  };

  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (selector, replies) => {
      scripts.set(selector, replies);
      served.delete(selector);
    },
    close: trackServer(
      `fake OpenWeatherMap on port ${port}`,
      () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    ),
  };
}

function send(res: ServerResponse, reply: Reply): void {
  if ('drop' in reply) {
    res.socket?.destroy();
    return;
  }
  if ('hang' in reply) return;
  const body = 'fixture' in reply ? fixture(reply.fixture) : reply.body;
  const write = () => {
    if (reply.noDate) res.sendDate = false;
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
    res.end(body);
  };
  if (reply.after) void reply.after.then(write, write);
  else if (reply.delayMs) setTimeout(write, reply.delayMs);
  else write();
}
