/** Every failure the bridge can name, and whether trying again later may help. */
export const ERROR_CODES = {
  OWM_UNAUTHORIZED: { transient: false },
  OWM_NOT_FOUND: { transient: false },
  OWM_BAD_REQUEST: { transient: false },
  OWM_RATE_LIMITED: { transient: true },
  OWM_SERVER_ERROR: { transient: true },
  OWM_NETWORK: { transient: true },
  OWM_TIMEOUT: { transient: true },
  OWM_BAD_RESPONSE: { transient: false },
  MQTT_UNREACHABLE: { transient: true },
  MQTT_TIMEOUT: { transient: true },
  MQTT_NOT_CONNECTED: { transient: true },
  MQTT_PUBLISH_REFUSED: { transient: false },
  MQTT_SUBSCRIBE_REFUSED: { transient: false },
  DEADLINE: { transient: false },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class Owm2MqttError extends Error {
  readonly code: ErrorCode;
  /** Seconds the server asked us to wait (429 Retry-After), when it said so. */
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Owm2MqttError';
    this.code = code;
    this.retryAfterMs = options.retryAfterMs;
  }

  get transient(): boolean {
    return ERROR_CODES[this.code].transient;
  }
}

/** Exit codes of `owm2mqtt --once` (documented in the README). */
export const EXIT = {
  OK: 0,
  SOME_LOCATIONS_FAILED: 1,
  CONFIG: 2,
  BROKER: 3,
  KEY_REJECTED: 4,
} as const;

/** The message of anything thrown or rejected: an error's message, else the value as text (`throw 'x'` → `x`). */
export function messageOf(error: unknown): string {
  // An Error too: its `message` is text.
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}

/** The `code` of a Node.js system error (`ENOENT`, `ERR_BUFFER_TOO_LARGE`), or undefined when it has none or it is no text. */
export function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
