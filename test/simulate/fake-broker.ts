/**
 * An in-memory stand-in for the simulator's broker port (src/simulate/ports.ts): it records what a
 * subscriber to every topic would see (publishes and Last Wills, with the client that caused them), keeps
 * the retained values, and lets a test accept, lose or refuse connections.
 */
import type { BrokerPort, OutgoingMessage, Session, SessionOptions, Subscription } from '../../src/simulate/ports.js';

export interface Seen extends OutgoingMessage {
  readonly clientId: string;
  /** A Last Will published by the broker, not by the client. */
  readonly will: boolean;
}

type State = 'connecting' | 'connected' | 'ended' | 'dropped';

export class FakeSession implements Session {
  state: State = 'connecting';

  constructor(
    private readonly broker: FakeBroker,
    readonly options: SessionOptions,
  ) {}

  /** The broker accepts the connection. */
  accept(): void {
    if (this.state !== 'connecting') throw new Error(`accept in state ${this.state}`);
    this.state = 'connected';
    this.options.onConnect();
  }

  /** The connection is lost (a broker restart, a network cut): the Will goes out, the adapter reconnects. */
  lose(): void {
    if (this.state !== 'connected') throw new Error(`lose in state ${this.state}`);
    this.broker.record(this.options.clientId, this.options.will, true);
    this.state = 'connecting';
    this.options.onClose();
  }

  publish(message: OutgoingMessage): void {
    // The port's contract: never called outside a connection.
    if (this.state !== 'connected') throw new Error(`${this.options.clientId} published ${message.topic} while ${this.state}`);
    this.broker.record(this.options.clientId, message, false);
  }

  async end(): Promise<void> {
    this.state = 'ended';
  }

  drop(): void {
    if (this.state === 'connected') this.broker.record(this.options.clientId, this.options.will, true);
    this.state = 'dropped';
  }
}

export class FakeBroker implements BrokerPort {
  readonly sessions: FakeSession[] = [];
  readonly seen: Seen[] = [];
  readonly retained = new Map<string, string>();
  readonly followers: { topic: string; onMessage: (payload: string) => void; closed: boolean }[] = [];

  /** false: connections wait for the test's `accept()` (a broker that is slow, or away). */
  constructor(private readonly acceptAtOnce = true) {}

  open(options: SessionOptions): Session {
    const session = new FakeSession(this, options);
    this.sessions.push(session);
    if (this.acceptAtOnce) session.accept();
    return session;
  }

  follow(topic: string, onMessage: (payload: string) => void): Subscription {
    const follower = { topic, onMessage, closed: false };
    this.followers.push(follower);
    return {
      close: async () => {
        follower.closed = true;
      },
    };
  }

  /** A message from elsewhere (the bridge) on `topic`. */
  deliver(topic: string, payload: string): void {
    for (const follower of this.followers) if (follower.topic === topic && !follower.closed) follower.onMessage(payload);
  }

  record(clientId: string, message: OutgoingMessage, will: boolean): void {
    this.seen.push({ ...message, clientId, will });
    if (message.retain) {
      if (message.payload === '') this.retained.delete(message.topic);
      else this.retained.set(message.topic, message.payload);
    }
  }

  /** The sessions opened with `clientId`, oldest first. */
  sessionsOf(clientId: string): FakeSession[] {
    return this.sessions.filter((s) => s.options.clientId === clientId);
  }

  /** The payloads seen on `topic`, in order. */
  payloads(topic: string): string[] {
    return this.seen.filter((m) => m.topic === topic).map((m) => m.payload);
  }
}
