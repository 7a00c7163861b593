import { Agent, request } from './http.js';
import { Owm2MqttError } from '../core/errors.js';
import { selectorParams, type Location } from './locations.js';
import type { Units } from '../core/units.js';
import { parseAir, type AirReport } from './responses/air.js';
import { type Forecast, parseForecast } from './responses/forecast.js';
import { type Place, parseDirect, parseZip } from './responses/geocoding.js';
import { parseWeather, type WeatherReport } from './responses/weather.js';
import { airTimeProblems, referenceClock, weatherTimeProblems, type ReferenceClock } from './responses/observation-time.js';
import { bodyText } from './body.js';
import { classifyNetworkError, errorForStatus, parseRetryAfter, redirectError } from './errors.js';

export interface OwmClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly units: Units;
  readonly lang: string;
  /** Whole-request limit: connect, headers and body together. */
  readonly timeoutMs: number;
  readonly userAgent: string;
  /** Real bodies are about 500 bytes; anything much larger is not a weather report. */
  readonly maxBodyBytes?: number;
  /** Clock for Retry-After dates; injectable for tests. */
  readonly now?: () => number;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** `GET /data/2.5/weather` over one keep-alive pool. Errors are `Owm2MqttError`s that never contain the key. */
export class OwmClient {
  private readonly agent: Agent;

  constructor(private readonly options: OwmClientOptions) {
    this.agent = new Agent({
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      maxResponseSize: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      keepAliveTimeout: 30_000,
      connections: 8,
      // Node's default (16 KiB), given here so that undici need not load node:http to learn it.
      maxHeaderSize: 16_384,
    });
  }

  /** The validated report, and the clock that judged its times (the server's, else ours). */
  async fetchWeather(location: Location, signal?: AbortSignal): Promise<{ report: WeatherReport; clock: ReferenceClock }> {
    const params = { ...selectorParams(location.selector), units: this.options.units, lang: this.options.lang };
    const { body, clock } = await this.getJson('/data/2.5/weather', params, location, signal);
    const parsed = parseWeather(body, this.options.units);
    // Times are judged only once the body is known to hold them: a missing dt is said as such.
    const problems = parsed.ok ? weatherTimeProblems(parsed.report, clock) : parsed.problems;
    if (!parsed.ok || problems.length > 0) {
      throw new Owm2MqttError('OWM_BAD_RESPONSE', `OpenWeatherMap sent a response that fails validation: ${problems.join('; ')}`);
    }
    return { report: parsed.report, clock };
  }

  /** `GET /data/2.5/air_pollution` at the coordinates the weather response gave. */
  async fetchAir(location: Location, coord: { lat: number; lon: number }, signal?: AbortSignal): Promise<AirReport> {
    const { body, clock } = await this.getJson(
      '/data/2.5/air_pollution',
      { lat: String(coord.lat), lon: String(coord.lon) },
      location,
      signal,
    );
    const parsed = parseAir(body);
    const problems = parsed.ok ? airTimeProblems(parsed.report, clock) : parsed.problems;
    if (!parsed.ok || problems.length > 0) {
      throw new Owm2MqttError(
        'OWM_BAD_RESPONSE',
        `OpenWeatherMap sent an air quality response that fails validation: ${problems.join('; ')}`,
      );
    }
    return parsed.report;
  }

  /**
   * `GET /data/2.5/forecast`: 5 days in 3-hour steps, at the weather response's coordinates when
   * it gave them (the place the weather is for), else by the location's own query.
   */
  async fetchForecast(location: Location, coord: { lat: number; lon: number } | undefined, signal?: AbortSignal): Promise<Forecast> {
    const where = coord ? { lat: String(coord.lat), lon: String(coord.lon) } : selectorParams(location.selector);
    const params = { ...where, units: this.options.units, lang: this.options.lang };
    const { body, clock } = await this.getJson('/data/2.5/forecast', params, location, signal);
    const parsed = parseForecast(body, this.options.units, clock);
    if (!parsed.ok)
      throw new Owm2MqttError('OWM_BAD_RESPONSE', `OpenWeatherMap sent a forecast that fails validation: ${parsed.problems.join('; ')}`);
    return parsed.forecast;
  }

  /**
   * The places OWM's Geocoding API knows for a `q` (`/geo/1.0/direct`, up to 5) or `zip`
   * (`/geo/1.0/zip`) entry; none (`[]`, or its 404) is an answer, not an outage.
   */
  async geocode(location: Location, signal?: AbortSignal): Promise<Place[]> {
    const { selector } = location;
    if (selector.kind !== 'q' && selector.kind !== 'zip') return [];
    const [path, params] =
      selector.kind === 'q' ? ['/geo/1.0/direct', { q: selector.q, limit: '5' }] : ['/geo/1.0/zip', { zip: selector.zip }];
    let body: unknown;
    try {
      ({ body } = await this.getJson(path, params, location, signal));
    } catch (error) {
      if (error instanceof Owm2MqttError && error.code === 'OWM_NOT_FOUND') return [];
      throw error;
    }
    const parsed = selector.kind === 'q' ? parseDirect(body) : parseZip(body);
    if (!parsed.ok)
      throw new Owm2MqttError(
        'OWM_BAD_RESPONSE',
        `OpenWeatherMap's Geocoding API sent an answer that fails validation: ${parsed.problems.join('; ')}`,
      );
    return parsed.places;
  }

  /**
   * One GET; the decoded JSON body of a 200 with a JSON content type and no error `cod`, with the
   * clock that judges its times, else a named error. Redirects are not followed: the request
   * carries the key, and OWM itself never redirects its API.
   */
  private async getJson(
    path: string,
    params: Record<string, string>,
    location: Location,
    signal: AbortSignal | undefined,
  ): Promise<{ body: unknown; clock: ReferenceClock }> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const url = `${this.options.baseUrl}${path}?${new URLSearchParams({ ...params, appid: this.options.apiKey }).toString()}`;
    let status: number | undefined;
    let headers: Record<string, string | string[] | undefined> = {};
    let text: string | undefined;
    try {
      const response = await request(url, {
        dispatcher: this.agent,
        method: 'GET',
        headers: { accept: 'application/json', 'accept-encoding': 'identity', 'user-agent': this.options.userAgent },
        signal: combined,
      });
      status = response.statusCode;
      headers = response.headers;
      const encoding = headers['content-encoding'];
      text =
        encoding === undefined
          ? await response.body.text()
          : bodyText(new Uint8Array(await response.body.arrayBuffer()), encoding, this.maxBodyBytes());
    } catch (error) {
      if (signal?.aborted)
        throw new Owm2MqttError('DEADLINE', "gave up: the run's deadline passed before OpenWeatherMap answered", { cause: error });
      // The status is what went wrong: a 503 with a page too large to read is still a server error.
      if (status !== undefined && status !== 200) throw this.statusError(status, headers, undefined, location, url);
      if (error instanceof Owm2MqttError) throw error;
      if (timeout.aborted)
        throw new Owm2MqttError('OWM_TIMEOUT', `OpenWeatherMap did not answer within ${this.options.timeoutMs} ms (OWM_TIMEOUT_MS)`);
      throw classifyNetworkError(error, this.options.timeoutMs);
    }

    const body = decodeJson(text);
    if (status !== 200) throw this.statusError(status, headers, body, location, url);
    const contentType = String(headers['content-type'] ?? '');
    if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
      throw new Owm2MqttError(
        'OWM_BAD_RESPONSE',
        `OpenWeatherMap answered with "${contentType || 'no content type'}" instead of JSON (a proxy or captive portal in the way?)`,
      );
    }
    if (body === undefined) {
      throw new Owm2MqttError('OWM_BAD_RESPONSE', `OpenWeatherMap sent a body that is not valid JSON (${text.length} bytes, truncated?)`);
    }
    // In 2014-2015 OWM sent errors with HTTP 200 and the real status in `cod`.
    const cod = isRecord(body) ? body.cod : undefined;
    if (cod !== undefined && Number(cod) !== 200) {
      throw errorForStatus(Number(cod), location, body, undefined);
    }
    return { body, clock: referenceClock(headers.date, this.now()) };
  }

  private statusError(
    status: number,
    headers: Record<string, string | string[] | undefined>,
    body: unknown,
    location: Location,
    url: string,
  ): Owm2MqttError {
    const target = headers.location;
    if (status >= 300 && status <= 399 && target !== undefined) return redirectError(status, String(target), url, this.options.apiKey);
    return errorForStatus(status, location, body, parseRetryAfter(headers['retry-after'], this.now()));
  }

  private maxBodyBytes(): number {
    return this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function decodeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
