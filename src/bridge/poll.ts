import { Owm2MqttError, messageOf } from '../core/errors.js';
import type { Location } from '../owm/locations.js';
import type { Logger } from '../core/log.js';
import type { Message } from '../core/message.js';
import type { OwmClient } from '../owm/client.js';
import type { Config } from '../config/index.js';
import { sleep, withRetries } from '../owm/retry.js';
import { PlaceBook } from '../owm/places.js';
import { mapReport, type MappingSettings } from './mapping.js';
import type { ReferenceClock } from '../owm/responses/observation-time.js';
import type { WeatherReport } from '../owm/responses/weather.js';
import type { Forecast } from '../owm/responses/forecast.js';

export type LocationOutcome =
  /** `clock`: the server's clock when it answered (its Date header), else ours; the judge of observation times. */
  | {
      readonly location: Location;
      readonly ok: true;
      readonly report: WeatherReport;
      readonly clock: ReferenceClock;
      readonly messages: Message[];
      /** A forecast fetched in this poll (OWM_FORECAST, when it was due); undefined when none was asked or it failed. */
      readonly forecast?: Forecast;
    }
  | { readonly location: Location; readonly ok: false; readonly error: Owm2MqttError };

/** The geocoded places of the configuration's `q` and `zip` entries, kept in OWM_PLACES_FILE. */
export function placeBook(config: Config, client: Pick<OwmClient, 'geocode'>, log: Logger): PlaceBook {
  return new PlaceBook({
    enabled: config.owm.geocoding,
    file: config.owm.placesFile,
    geocode: (location, signal) => client.geocode(location, signal),
    log,
  });
}

/** The parts of a poll that come straight from the configuration. */
export function pollSettings(
  config: Config,
): Pick<PollOptions, 'locations' | 'mapping' | 'concurrency' | 'retries' | 'retryDelayMs' | 'airQuality'> {
  return {
    airQuality: config.owm.airQuality,
    locations: config.owm.locations,
    mapping: { topicPrefix: config.topicPrefix, units: config.owm.units, qos: config.mqtt.qos, retain: config.mqtt.retain },
    concurrency: config.owm.concurrency,
    retries: config.owm.retries,
    retryDelayMs: config.owm.retryDelayMs,
  };
}

export interface PollOptions {
  readonly client: Pick<OwmClient, 'fetchWeather' | 'fetchAir'> & Partial<Pick<OwmClient, 'fetchForecast'>>;
  /** The location to ask OWM for: a `q`/`zip` entry at its geocoded place (OWM_GEOCODING); the entry itself without it. */
  readonly resolve?: (location: Location, signal?: AbortSignal) => Promise<Location>;
  /** Whether this location's forecast is to be fetched in this poll (OWM_FORECAST and its interval). */
  readonly forecastDue?: (location: Location) => boolean;
  /** Also fetch air quality, at the coordinates the weather response gives. */
  readonly airQuality?: boolean;
  readonly locations: readonly Location[];
  readonly mapping: MappingSettings;
  readonly concurrency: number;
  readonly retries: number;
  readonly retryDelayMs: number;
  /** No attempt starts after this time (ms since epoch); in-flight requests are aborted by `signal`. */
  readonly deadline: number;
  readonly signal?: AbortSignal;
  readonly log: Logger;
  /** Retries are news in a one-shot run, detail in a daemon that summarises streaks. */
  readonly retryLogLevel?: 'info' | 'debug';
  /** A location may not be asked before this time (a 429's Retry-After, a rejected key's slow-down). */
  readonly notBefore?: (location: Location) => number | undefined;
  /** Called as soon as one location is fetched and mapped, so its messages go out without waiting for the rest. */
  readonly onLocation?: (outcome: LocationOutcome) => Promise<void> | void;
}

/**
 * Fetches every location with bounded concurrency, validates and maps each.
 * A location fails alone; a rejected key stops the locations not yet started
 * (they share the key, so every call would be refused too), and a rate limit
 * (429) holds back every request of the poll, not only that location's.
 */
export async function poll(options: PollOptions): Promise<LocationOutcome[]> {
  const outcomes: LocationOutcome[] = new Array(options.locations.length);
  let next = 0;
  let keyRejected: Owm2MqttError | undefined;
  let notBefore = 0;

  const attempt = async <T>(location: Location, fetch: () => Promise<T>): Promise<T> => {
    const until = Math.max(notBefore, options.notBefore?.(location) ?? 0);
    const wait = until - Date.now();
    if (wait > 0) {
      if (Date.now() + wait >= options.deadline) {
        throw new Owm2MqttError('OWM_RATE_LIMITED', 'OpenWeatherMap rate-limited the key, and the wait it asked for goes past this poll', {
          retryAfterMs: wait,
        });
      }
      await sleep(wait, options.signal);
    }
    try {
      return await fetch();
    } catch (error) {
      if (error instanceof Owm2MqttError && error.code === 'OWM_RATE_LIMITED') {
        notBefore = Math.max(notBefore, Date.now() + (error.retryAfterMs ?? options.retryDelayMs));
      }
      throw error;
    }
  };

  /** Air quality is extra: when it fails, the weather is still published and the air topics keep their values. */
  const fetchAir = async (location: Location, report: WeatherReport, retry: Parameters<typeof withRetries>[1]) => {
    if (!report.coord) {
      options.log.warn(`${location.level}: the weather response has no coordinates: no air quality this time`);
      return undefined;
    }
    const coord = report.coord;
    try {
      return await withRetries(() => attempt(location, () => options.client.fetchAir(location, coord, options.signal)), retry);
    } catch (error) {
      options.log.warn(`${location.level}: air quality: ${messageOf(error)}; the air topics keep their last values`);
      return undefined;
    }
  };

  /** The forecast is extra too: when it fails, the weather is still published and the kept forecast stays. */
  const fetchForecast = async (location: Location, report: WeatherReport, retry: Parameters<typeof withRetries>[1]) => {
    const fetcher = options.client.fetchForecast?.bind(options.client);
    if (!fetcher || !options.forecastDue?.(location)) return undefined;
    try {
      return await withRetries(() => attempt(location, () => fetcher(location, report.coord, options.signal)), retry);
    } catch (error) {
      options.log.warn(`${location.level}: forecast: ${messageOf(error)}; the forecast topics keep the last forecast`);
      return undefined;
    }
  };

  const fetchOne = async (location: Location): Promise<LocationOutcome> => {
    if (keyRejected) return { location, ok: false, error: keyRejected };
    try {
      const retry = {
        retries: options.retries,
        baseDelayMs: options.retryDelayMs,
        deadline: options.deadline,
        signal: options.signal,
        onRetry: (error: Owm2MqttError, attempt: number, waitMs: number) =>
          options.log[options.retryLogLevel ?? 'info'](`${location.level}: ${error.message}; retry ${attempt} in ${waitMs} ms`),
      };
      const asked = options.resolve ? await attempt(location, () => options.resolve!(location, options.signal)) : location;
      const { report, clock } = await withRetries(() => attempt(location, () => options.client.fetchWeather(asked, options.signal)), retry);
      const air = options.airQuality ? await fetchAir(location, report, retry) : undefined;
      const forecast = await fetchForecast(asked, report, retry);
      try {
        const messages = mapReport(location, report, options.mapping, new Date(), air);
        return { location, ok: true, report, clock, messages, ...(forecast ? { forecast } : {}) };
      } catch (error) {
        // The schema should have refused what the mapping cannot take: still, a bad response, not a crash.
        return {
          location,
          ok: false,
          error: new Owm2MqttError('OWM_BAD_RESPONSE', `could not map the response: ${String(error)}`, { cause: error }),
        };
      }
    } catch (error) {
      const named =
        error instanceof Owm2MqttError ? error : new Owm2MqttError('OWM_NETWORK', `unexpected failure: ${String(error)}`, { cause: error });
      if (named.code === 'OWM_UNAUTHORIZED') keyRejected = named;
      return { location, ok: false, error: named };
    }
  };

  // A failure of `onLocation` (the broker) stops new work; it is rethrown once the running fetches end.
  let fatal: { error: unknown } | undefined;
  const worker = async () => {
    // Once aborted (a deadline, a stop), no location is started only to fail at once.
    while (next < options.locations.length && !fatal && !options.signal?.aborted) {
      const index = next++;
      const outcome = await fetchOne(options.locations[index]!);
      outcomes[index] = outcome;
      try {
        await options.onLocation?.(outcome);
      } catch (error) {
        fatal ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.locations.length) }, worker));
  if (fatal) throw fatal.error;
  // Locations never started (the poll was aborted) failed too; they were not handed to onLocation.
  return options.locations.map(
    (location, index) =>
      outcomes[index] ?? {
        location,
        ok: false,
        error: new Owm2MqttError('DEADLINE', "not asked: the poll was stopped before this location's turn"),
      },
  );
}
