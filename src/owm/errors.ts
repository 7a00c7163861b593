import { displayText } from '../core/display.js';
import { Owm2MqttError, codeOf } from '../core/errors.js';
import type { Location } from './locations.js';

/** Maps an OWM HTTP status (or legacy body `cod`) to an error a user can act on. */
export function errorForStatus(status: number, location: Location, body: unknown, retryAfterMs: number | undefined): Owm2MqttError {
  const said = owmMessage(body);
  if (status === 401) {
    return new Owm2MqttError(
      'OWM_UNAUTHORIZED',
      'OpenWeatherMap rejected the API key (HTTP 401). A new key takes up to a couple of hours to activate; otherwise check OWM_API_KEY at https://home.openweathermap.org/api_keys',
    );
  }
  if (status === 404) {
    return new Owm2MqttError(
      'OWM_NOT_FOUND',
      `OpenWeatherMap does not know the location "${location.entry}" (HTTP 404${said}): check its spelling, or use id:, zip: or geo: in OWM_LOCATIONS`,
    );
  }
  if (status === 400) {
    return new Owm2MqttError(
      'OWM_BAD_REQUEST',
      `OpenWeatherMap refused the request for "${location.entry}" (HTTP 400${said}): check this OWM_LOCATIONS entry`,
    );
  }
  if (status === 429) {
    const wait = retryAfterMs === undefined ? '' : `, asked to wait ${Math.ceil(retryAfterMs / 1000)} s`;
    return new Owm2MqttError(
      'OWM_RATE_LIMITED',
      `OpenWeatherMap rate-limited the key (HTTP 429${wait}): the free plan allows 60 calls a minute; poll less often or fewer locations`,
      { retryAfterMs },
    );
  }
  if (status >= 500 && status <= 599) {
    return new Owm2MqttError('OWM_SERVER_ERROR', `OpenWeatherMap had a server error (HTTP ${status})`);
  }
  return new Owm2MqttError(
    'OWM_BAD_RESPONSE',
    `OpenWeatherMap answered with unexpected HTTP status ${Number.isFinite(status) ? status : 'code'}${said}`,
  );
}

/**
 * A 3xx with a `Location`: named with its target, the key masked (the query holds `appid`).
 * Not followed: a redirect would carry the key wherever it points.
 */
export function redirectError(status: number, target: string, requestUrl: string, apiKey: string): Owm2MqttError {
  return new Owm2MqttError(
    'OWM_BAD_RESPONSE',
    `OpenWeatherMap's address answered with a redirect (HTTP ${status}) to ${maskedUrl(target, requestUrl, apiKey)}, which the bridge does not follow (the request carries the API key): check OWM_BASE_URL (https://, the host name), or whether a proxy or captive portal is in the way`,
  );
}

function maskedUrl(target: string, base: string, apiKey: string): string {
  let shown = target;
  try {
    const url = new URL(target, base);
    if (url.searchParams.has('appid')) url.searchParams.set('appid', '***');
    if (url.password !== '') url.password = '***';
    shown = url.toString();
  } catch {
    // Not a URL: shown as sent, masked and trimmed below.
  }
  if (apiKey !== '') shown = shown.split(apiKey).join('***');
  shown = shown.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}

/** Network-level failures from undici, by their code (never by message, which may hold the URL). */
export function classifyNetworkError(error: unknown, timeoutMs: number): Owm2MqttError {
  const code = errorCode(error);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new Owm2MqttError('OWM_TIMEOUT', `OpenWeatherMap did not answer within ${timeoutMs} ms (OWM_TIMEOUT_MS)`);
    case 'UND_ERR_RES_EXCEEDED_MAX_SIZE':
      return new Owm2MqttError('OWM_BAD_RESPONSE', 'OpenWeatherMap sent a body larger than any weather report (over 64 KiB): ignored');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new Owm2MqttError(
        'OWM_NETWORK',
        `cannot resolve the OpenWeatherMap host (${code}): is the network up? Check OWM_BASE_URL and DNS`,
      );
    case 'ECONNREFUSED':
      return new Owm2MqttError('OWM_NETWORK', 'OpenWeatherMap refused the connection (ECONNREFUSED): check OWM_BASE_URL');
    default:
      return new Owm2MqttError('OWM_NETWORK', `network error talking to OpenWeatherMap (${code ?? 'connection failed'})`);
  }
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(header: string | string[] | undefined, now: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  // An HTTP date always names its weekday or month; a bare "-3" is no date.
  if (!/[a-z]{3}/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = codeOf(current);
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    if (code === 'UND_ERR_SOCKET') return 'ECONNRESET';
    current = current.cause;
  }
  return undefined;
}

function owmMessage(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const message = (body as Record<string, unknown>).message;
  return typeof message === 'string' && message.length > 0 ? `, OWM says "${displayText(message, 120)}"` : '';
}
