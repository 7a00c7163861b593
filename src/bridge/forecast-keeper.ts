import type { Message } from '../core/message.js';
import type { Location } from '../owm/locations.js';
import type { Forecast } from '../owm/responses/forecast.js';
import { mapForecast } from './forecast-mapping.js';
import type { MappingSettings } from './mapping.js';

export interface ForecastSettings {
  readonly enabled: boolean;
  readonly intervalMs: number;
  readonly hours: readonly number[];
  /** PUBLISH_UNCHANGED: every forecast topic at every poll, not only those that changed. */
  readonly publishUnchanged: boolean;
}

/**
 * The daemon's forecasts: the last one fetched per location (kept across failed fetches), when it
 * is due again, and what each forecast topic last said, so a poll publishes only what moved.
 */
export class ForecastKeeper {
  private readonly kept = new Map<string, { forecast: Forecast; fetchedAtMs: number }>();
  private readonly published = new Map<string, string>();

  constructor(private readonly settings: ForecastSettings) {}

  /** Whether this location's forecast is to be fetched at `nowMs`: never fetched, or older than the interval. */
  due(level: string, nowMs: number): boolean {
    if (!this.settings.enabled) return false;
    const kept = this.kept.get(level);
    return kept === undefined || nowMs - kept.fetchedAtMs >= this.settings.intervalMs;
  }

  keep(level: string, forecast: Forecast, nowMs: number): void {
    this.kept.set(level, { forecast, fetchedAtMs: nowMs });
  }

  /** The forecast topics of a location at `nowMs` whose payload differs from the last published (all with PUBLISH_UNCHANGED). */
  changes(location: Location, nowMs: number, mapping: MappingSettings): Message[] {
    const kept = this.kept.get(location.level);
    if (!kept) return [];
    const messages = mapForecast(location, kept.forecast, nowMs, this.settings.hours, mapping);
    return this.settings.publishUnchanged ? messages : messages.filter((m) => this.published.get(m.topic) !== m.payload);
  }

  /** Remembers what the broker now holds (or will get on the reconnect replay). */
  markPublished(messages: readonly Message[]): void {
    for (const m of messages) this.published.set(m.topic, m.payload);
  }
}
