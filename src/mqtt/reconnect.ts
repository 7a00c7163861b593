import type { Logger } from '../core/log.js';
import { ReconnectBackoff } from './backoff.js';
import { type ClosedConnection, TakeoverDetector } from './takeover.js';

export interface ReconnectSettings {
  readonly url: string;
  readonly clientId: string;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  readonly random?: () => number;
  readonly log: Logger;
}

/**
 * The daemon's way back to the broker after a close: a capped, jittered, doubling backoff, or,
 * when another client with our id took the session, a long wait that leaves the broker to it.
 */
export class Reconnector {
  private readonly backoff: ReconnectBackoff;
  private readonly takeovers: TakeoverDetector;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly settings: ReconnectSettings,
    private readonly reconnect: () => void,
  ) {
    this.takeovers = new TakeoverDetector(settings.reconnectMaxMs);
    this.backoff = new ReconnectBackoff(settings.reconnectMinMs, settings.reconnectMaxMs, settings.random);
  }

  /** A reconnect is scheduled, or reconnecting is over: nothing to do on a close. */
  get idle(): boolean {
    return this.stopped || this.timer !== undefined;
  }

  /** No more reconnects (shutdown). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** A connection attempt failed: the broker is away (restarting), which no other client explains. */
  attemptFailed(): void {
    this.takeovers.unreachable();
    this.later();
  }

  /** An accepted connection closed. */
  lost(connection: ClosedConnection): void {
    const takeover = this.takeovers.closed(connection);
    if (takeover) {
      this.yieldTo(takeover.certain, takeover.first, takeover.waitMs);
      return;
    }
    this.backoff.connectionLasted(connection.lastedMs);
    this.settings.log.warn(
      `lost the MQTT broker at ${this.settings.url}; keeping the latest value of every topic to publish when it is back`,
    );
    this.later();
  }

  private later(): void {
    const { waitMs, attempt } = this.backoff.next();
    this.settings.log.debug(`reconnecting to the MQTT broker in ${waitMs} ms (attempt ${attempt})`);
    this.schedule(waitMs);
  }

  /** Another client connected with our client id: leave the broker to it for a while, instead of pushing it off at once. */
  private yieldTo(certain: boolean, first: boolean, waitMs: number): void {
    const { url, clientId, log } = this.settings;
    const who = `another client with the same MQTT_CLIENT_ID ("${clientId}")`;
    const what = certain
      ? `${who} connected to the MQTT broker at ${url}, which closed this connection (MQTT 5 reason 142, session taken over)`
      : `the MQTT broker at ${url} keeps closing this connection soon after accepting it, without giving a reason: most likely ${who} is connected, or the broker is restarting repeatedly`;
    const advice = `is a second owm2mqtt running with the same settings? Give each its own MQTT_CLIENT_ID. Leaving the broker to it for ${Math.round(waitMs / 1000)} s, longer after each takeover (at most an hour)`;
    if (first) log.warn(`${what}: ${advice}`);
    else log.debug(`taken over again; trying again in ${waitMs} ms`);
    this.schedule(waitMs);
  }

  private schedule(waitMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.reconnect();
    }, waitMs);
  }
}
