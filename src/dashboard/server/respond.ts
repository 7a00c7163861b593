import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIPv6 } from 'node:net';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { NO_STORE } from './headers.js';

const gzipAsync = promisify(gzip);
/** Below about one packet, compressing saves nothing. */
const COMPRESS_FROM_BYTES = 1400;

export function acceptsGzip(request: IncomingMessage): boolean {
  return /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
}

/** JSON, never cached; gzipped (level 1: cheap on a Pi) when large and the client takes it. */
export async function sendJson(request: IncomingMessage, response: ServerResponse, status: number, body: unknown): Promise<void> {
  const json = Buffer.from(JSON.stringify(body));
  const compress = json.length >= COMPRESS_FROM_BYTES && acceptsGzip(request);
  const payload = compress ? await gzipAsync(json, { level: 1 }) : json;
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': NO_STORE,
    'Content-Length': payload.length,
    Vary: 'Accept-Encoding',
    ...(compress ? { 'Content-Encoding': 'gzip' } : {}),
  });
  response.end(payload);
}

export function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': NO_STORE, ...headers });
  response.end(text);
}

export function sendHtml(response: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': NO_STORE, ...headers });
  response.end(html);
}

export function redirect(response: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  response.writeHead(303, { Location: location, 'Cache-Control': NO_STORE, ...headers });
  response.end();
}

/** The request body as text, or undefined when longer than `maxBytes` (the rest is not read). */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        resolve(undefined);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}

/**
 * Who is asking, for the login rate limit: the IPv4 address, or the /64 of an IPv6 one (a
 * single host usually holds a whole /64). A reverse proxy on this machine makes every client
 * one address; X-Forwarded-For is not trusted (anyone can send it).
 */
export function clientAddress(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}
