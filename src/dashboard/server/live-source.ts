import type { LiveForecast } from './forecast.js';

export type { ForecastPoint, LiveForecast } from './forecast.js';

/**
 * What the web server needs from the broker, live: the `dashboard` command feeds it from MQTT
 * (`LiveState` in live-state.ts is the implementation it uses), the tests feed a fake.
 */

/** The latest number seen on a topic and when it arrived (epoch ms). */
export interface LiveValue {
  readonly topic: string;
  readonly value: number;
  readonly t: number;
  /** Smoothed time between the topic's messages (ms), once two have arrived: how soon it counts as stale. */
  readonly interval?: number;
}

/** A `…/status` topic: `online`, `offline`, or whatever text it holds. */
export interface LiveStatus {
  readonly topic: string;
  readonly state: string;
  readonly t: number;
}

/**
 * An alert under `stats/alerts/…`: the JSON object's fields as text (`state`, `value`,
 * `threshold`, `since` and whatever else the aggregator sends), and whether it is active.
 */
export interface LiveAlert {
  readonly topic: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly active: boolean;
  readonly t: number;
}

export type LiveEvent =
  | { readonly kind: 'sample'; readonly sample: LiveValue }
  | { readonly kind: 'status'; readonly status: LiveStatus }
  | { readonly kind: 'alert'; readonly alert: LiveAlert }
  /** The alert's retained message was cleared (an empty payload). */
  | { readonly kind: 'alert-removed'; readonly topic: string; readonly t: number }
  | { readonly kind: 'forecast-line'; readonly forecast: LiveForecast }
  /** The forecast's retained message was cleared (`--purge`). */
  | { readonly kind: 'forecast-removed'; readonly topic: string; readonly t: number };

export interface LiveSource {
  /** The latest value of every numeric topic, sorted by topic. */
  values(): readonly LiveValue[];
  statuses(): readonly LiveStatus[];
  alerts(): readonly LiveAlert[];
  /** The latest forecast of each place, sorted by topic. */
  forecasts(): readonly LiveForecast[];
  /** Calls `listener` for every change from now on; returns the function that stops it. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
}
