/** Every failure the bridge can name, with the `--once` exit code it maps to. */
export const ERROR_CODES = {
  CONFIG_INVALID: { exit: 2, transient: false },
  OWM_UNAUTHORIZED: { exit: 4, transient: false },
  OWM_NOT_FOUND: { exit: 1, transient: false },
  OWM_BAD_REQUEST: { exit: 1, transient: false },
  OWM_RATE_LIMITED: { exit: 1, transient: true },
  OWM_SERVER_ERROR: { exit: 1, transient: true },
  OWM_NETWORK: { exit: 1, transient: true },
  OWM_TIMEOUT: { exit: 1, transient: true },
  OWM_BAD_RESPONSE: { exit: 1, transient: false },
  MQTT_UNREACHABLE: { exit: 3, transient: true },
  MQTT_TIMEOUT: { exit: 3, transient: true },
  DEADLINE: { exit: 1, transient: false },
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

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }
}

export function isTransient(error: unknown): boolean {
  return error instanceof Owm2MqttError && error.transient;
}

/** Exit codes of `owm2mqtt --once` (documented in the README). */
export const EXIT = {
  OK: 0,
  SOME_LOCATIONS_FAILED: 1,
  CONFIG: 2,
  BROKER: 3,
  KEY_REJECTED: 4,
} as const;
