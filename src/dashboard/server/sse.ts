import type { ServerResponse } from 'node:http';
import { NO_STORE } from './headers.js';
import type { LiveEvent, LiveSource } from './live-source.js';
import type { LiveEvents, Snapshot } from './wire.js';

export interface LiveStreamOptions {
  /** A comment line this often keeps proxies from closing an idle stream and finds dead clients. */
  readonly heartbeatMs: number;
  /** A client with more than this many bytes not yet sent is too slow: dropped (it reconnects and gets a fresh snapshot). */
  readonly maxBufferedBytes: number;
  readonly maxClients: number;
}

export const DEFAULT_LIVE_STREAM: LiveStreamOptions = { heartbeatMs: 15_000, maxBufferedBytes: 256 * 1024, maxClients: 32 };

/**
 * Server-Sent Events: each client gets the snapshot (latest values, statuses, alerts, forecasts) as it
 * connects, then every change. One subscription to the live source serves every client; each
 * event is serialised once.
 */
export class LiveStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  /** Clients dropped for being too slow, since start. */
  dropped = 0;

  constructor(
    live: LiveSource,
    private readonly options: LiveStreamOptions,
  ) {
    this.unsubscribe = live.subscribe((event) => this.broadcast(frame(...named(event))));
    this.heartbeat = setInterval(() => this.broadcast(': ping\n\n'), options.heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Answers with the stream, or 503 when there are too many clients already. */
  attach(response: ServerResponse, snapshot: Snapshot): void {
    if (this.clients.size >= this.options.maxClients) {
      response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': NO_STORE, 'Retry-After': '30' });
      response.end('Too many open dashboards: close one and reload.\n');
      return;
    }
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': NO_STORE,
      // Tells nginx not to buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    response.socket?.setNoDelay(true);
    this.clients.add(response);
    // The response's close, not the request's: a request emits 'close' once it has been read, long before the stream ends.
    response.once('close', () => this.clients.delete(response));
    this.send(response, `retry: 3000\n\n${frame('snapshot', snapshot)}`);
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const client of this.clients) client.destroy();
    this.clients.clear();
  }

  private broadcast(text: string): void {
    for (const client of this.clients) this.send(client, text);
  }

  private send(client: ServerResponse, text: string): void {
    client.write(text);
    // What the socket has not taken yet: a client that stopped reading is dropped, not buffered for without bound.
    if (client.writableLength > this.options.maxBufferedBytes) {
      this.dropped++;
      this.clients.delete(client);
      client.destroy();
    }
  }
}

function named(event: LiveEvent): [keyof LiveEvents, unknown] {
  switch (event.kind) {
    case 'sample':
      return ['sample', event.sample];
    case 'status':
      return ['status', event.status];
    case 'alert':
      return ['alert', event.alert];
    case 'alert-removed':
      return ['alert-removed', { topic: event.topic, t: event.t }];
    case 'forecast-line':
      return ['forecast-line', event.forecast];
    case 'forecast-removed':
      return ['forecast-removed', { topic: event.topic, t: event.t }];
  }
}

/** One SSE event. JSON.stringify never emits a raw line break, so the data is one line. */
function frame(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
