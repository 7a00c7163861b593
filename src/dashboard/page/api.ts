/// <reference lib="dom" />
import type { ErrorBody, RangeResponse, SeriesList } from '../server/wire.js';

/** The session expired or was never opened: the login form takes over. */
export class LoggedOut extends Error {}

/** The server sends every answer Cache-Control: no-store; /api/series is preloaded by index.html (same mode and credentials). */
async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (response.status === 401) {
    location.assign('/login');
    throw new LoggedOut('log in first');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({ error: response.statusText }))) as ErrorBody;
    throw new Error(body.error);
  }
  return (await response.json()) as T;
}

export function fetchSeries(): Promise<SeriesList> {
  return getJson<SeriesList>('/api/series');
}

export function fetchRange(topics: readonly string[], from: number, to: number, maxPoints: number): Promise<RangeResponse> {
  const query = new URLSearchParams({ from: String(Math.floor(from)), to: String(Math.ceil(to)), maxPoints: String(maxPoints) });
  for (const topic of topics) query.append('topic', topic);
  return getJson<RangeResponse>(`/api/range?${query}`);
}
