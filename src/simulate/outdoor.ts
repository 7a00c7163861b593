/**
 * The outdoor temperature read live from the bridge (`SIM_OUTDOOR_TOPIC`, like exterieur/toulouse/temperature):
 * a plain number of °C. What the broker sends is untrusted: anything else is ignored, and said once.
 */

/** Colder or hotter than any weather station has measured: not a temperature in °C. */
export const OUTDOOR_MIN = -90;
export const OUTDOOR_MAX = 60;

/** The °C in `payload`, or undefined when it is not a plain decimal number in range. */
export function parseOutdoorTemperature(payload: string): number | undefined {
  const text = payload.trim();
  if (!/^-?\d{1,3}(\.\d{1,6})?$/.test(text)) return undefined;
  const value = Number(text);
  return value >= OUTDOOR_MIN && value <= OUTDOOR_MAX ? value : undefined;
}

/** A short, printable rendering of an untrusted payload for a log line. */
export function describePayload(payload: string): string {
  const shown = payload.length > 32 ? `${payload.slice(0, 32)}…` : payload;
  return JSON.stringify(shown);
}

export interface OutdoorLog {
  info(message: string): void;
  warn(message: string): void;
}

export class LiveOutdoor {
  private latest: number | undefined;
  private warned = false;

  constructor(
    private readonly topic: string,
    private readonly log: OutdoorLog,
  ) {}

  /** The last good value, or undefined until one has come. */
  get value(): number | undefined {
    return this.latest;
  }

  accept(payload: string): void {
    // An empty retained message clears the topic (the bridge's purge): nothing to read, nothing wrong.
    if (payload === '') return;
    const value = parseOutdoorTemperature(payload);
    if (value === undefined) {
      if (!this.warned)
        this.log.warn(
          `SIM_OUTDOOR_TOPIC ${this.topic}: ${describePayload(payload)} is not a temperature (a plain number of °C from ${OUTDOOR_MIN} to ${OUTDOOR_MAX}); ignored, and so are later ones without another line`,
        );
      this.warned = true;
      return;
    }
    if (this.latest === undefined) this.log.info(`SIM_OUTDOOR_TOPIC ${this.topic}: ${value} °C outdoors, followed from now on`);
    this.latest = value;
  }
}
