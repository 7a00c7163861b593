/**
 * The JSON the server sends and the page reads (the page imports these types only). Times are
 * epoch milliseconds of the server's clock; `now` lets the page correct its own.
 */
import type { SeriesPoint } from '../history-types.js';
import type { ForecastPoint, LiveAlert, LiveForecast, LiveStatus, LiveValue } from './live-source.js';

export type { ForecastPoint, LiveAlert, LiveForecast, LiveStatus, LiveValue, SeriesPoint };

/** GET /api/series */
export interface SeriesList {
  readonly now: number;
  /** The unit of each known quantity (a topic's last level). */
  readonly units: Readonly<Record<string, string>>;
  /** Every numeric topic with its latest value: from the history, or newer from the broker. */
  readonly series: readonly LiveValue[];
  /** Set when the history could not be read: the live view still works. */
  readonly historyError?: string;
}

/** GET /api/range?from=&to=&maxPoints=&topic=…&topic=… */
export interface RangeResponse {
  readonly from: number;
  readonly to: number;
  readonly series: Readonly<Record<string, readonly SeriesPoint[]>>;
}

/** The first event of the live stream (`event: snapshot`), and again after each reconnection. */
export interface Snapshot {
  readonly now: number;
  readonly auth: boolean;
  readonly values: readonly LiveValue[];
  readonly statuses: readonly LiveStatus[];
  readonly alerts: readonly LiveAlert[];
  /** The latest `P/L/forecast` of each place (kept in memory, never in the history). */
  readonly forecasts: readonly LiveForecast[];
}

/** The live stream's other events, by SSE event name. */
export interface LiveEvents {
  readonly sample: LiveValue;
  readonly status: LiveStatus;
  readonly alert: LiveAlert;
  readonly 'alert-removed': { readonly topic: string; readonly t: number };
  readonly 'forecast-line': LiveForecast;
  readonly 'forecast-removed': { readonly topic: string; readonly t: number };
}

export interface ErrorBody {
  readonly error: string;
}
