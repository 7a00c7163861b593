/// <reference lib="dom" />
import type { LiveEvents, Snapshot } from '../server/wire.js';
import { fetchSeries } from './api.js';

export interface LiveHandlers {
  snapshot(snapshot: Snapshot): void;
  sample(sample: LiveEvents['sample']): void;
  status(status: LiveEvents['status']): void;
  alert(alert: LiveEvents['alert']): void;
  alertRemoved(removed: LiveEvents['alert-removed']): void;
  forecast(forecast: LiveEvents['forecast-line']): void;
  forecastRemoved(removed: LiveEvents['forecast-removed']): void;
  connected(open: boolean): void;
}

const RETRY_MS = 5000;

/**
 * The live stream (Server-Sent Events from /api/live). The browser reconnects by itself after a
 * network drop; a stream the server refused (logged out, restarted with another password) is
 * closed for good, so the page asks /api/series, which sends it to the login form on 401, and
 * opens a new one.
 */
export function connectLive(handlers: LiveHandlers): void {
  const source = new EventSource('/api/live');
  const on = <K extends keyof LiveEvents | 'snapshot'>(
    name: K,
    handle: (data: K extends keyof LiveEvents ? LiveEvents[K] : Snapshot) => void,
  ) => source.addEventListener(name, (event) => handle(JSON.parse((event as MessageEvent<string>).data)));
  on('snapshot', handlers.snapshot);
  on('sample', handlers.sample);
  on('status', handlers.status);
  on('alert', handlers.alert);
  on('alert-removed', handlers.alertRemoved);
  on('forecast-line', handlers.forecast);
  on('forecast-removed', handlers.forecastRemoved);
  source.addEventListener('open', () => handlers.connected(true));
  source.addEventListener('error', () => {
    handlers.connected(false);
    if (source.readyState !== EventSource.CLOSED) return;
    setTimeout(() => {
      fetchSeries().then(
        () => connectLive(handlers),
        () => setTimeout(() => connectLive(handlers), RETRY_MS),
      );
    }, RETRY_MS);
  });
}
