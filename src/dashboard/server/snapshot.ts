import { messageOf } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { HistoryReader, SeriesPoint } from '../history-types.js';
import { isForecastQuantityTopic } from './forecast.js';
import type { LiveSource, LiveValue } from './live-source.js';
import type { RangeQuery } from './range-query.js';
import type { RangeResponse, SeriesList, Snapshot } from './wire.js';

export const HISTORY_UNAVAILABLE = 'the history cannot be read now (the dashboard log says why); live values still update';

/**
 * What the endpoints answer, from the history and the broker together. A history that throws
 * (a damaged file, a full disk) is logged and reported, and the live values are still served.
 */
export class HistoryView {
  private lastError: string | undefined;

  constructor(
    private readonly history: HistoryReader,
    private readonly live: LiveSource,
    private readonly units: Readonly<Record<string, string>>,
    private readonly now: () => number,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  seriesList(): SeriesList {
    const { values, error } = this.latestValues();
    return { now: this.now(), units: this.units, series: values, ...(error ? { historyError: HISTORY_UNAVAILABLE } : {}) };
  }

  snapshot(): Omit<Snapshot, 'auth'> {
    return {
      now: this.now(),
      values: this.latestValues().values,
      statuses: this.live.statuses(),
      alerts: this.live.alerts(),
      forecasts: this.live.forecasts(),
    };
  }

  ranges(query: RangeQuery): { ok: true; body: RangeResponse } | { ok: false; error: string } {
    const series: Record<string, readonly SeriesPoint[]> = {};
    try {
      for (const topic of query.topics) {
        series[topic] = this.history.range(topic, query.from, query.to, query.maxPoints).map(rounded);
      }
    } catch (error) {
      this.failed(error);
      return { ok: false, error: HISTORY_UNAVAILABLE };
    }
    return { ok: true, body: { from: query.from, to: query.to, series } };
  }

  /** The latest value of each topic: the broker's, or the history's when it is newer (or the broker has none). */
  private latestValues(): { values: LiveValue[]; error: boolean } {
    const merged = new Map<string, LiveValue>();
    let error = false;
    try {
      // A forecast quantity recorded by an older dashboard is not a series of its own.
      for (const info of this.history.series())
        if (!isForecastQuantityTopic(info.topic)) merged.set(info.topic, { topic: info.topic, value: info.latest, t: info.last });
      this.lastError = undefined;
    } catch (thrown) {
      this.failed(thrown);
      error = true;
    }
    for (const value of this.live.values()) {
      const stored = merged.get(value.topic);
      if (stored === undefined || value.t >= stored.t) merged.set(value.topic, value);
    }
    return { values: [...merged.keys()].sort().map((topic) => merged.get(topic)!), error };
  }

  /** Logged when the reason changes, not at every request. */
  private failed(error: unknown): void {
    const message = messageOf(error);
    if (message !== this.lastError) this.log.warn(`dashboard: cannot read the history: ${message}`);
    this.lastError = message;
  }
}

/** Three decimals: what a sensor means, at a third of the JSON. */
function rounded(point: SeriesPoint): SeriesPoint {
  return [point[0], round(point[1]), round(point[2]), round(point[3])];
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1000) / 1000;
}
