/**
 * One room's MQTT client: its own session and client id, `<prefix>/<room>/status` `online` on every
 * connection and `offline` as its Last Will, and its readings sent only while connected (the latest one
 * kept for the next connection, never a backlog).
 */
import { ROOM_OFFLINE, ROOM_ONLINE, roomStatusTopic } from '../topics/home.js';
import type { Slot } from './payloads.js';
import type { BrokerPort, OutgoingMessage, Qos, Session } from './ports.js';

export interface RoomClientOptions {
  readonly broker: BrokerPort;
  readonly prefix: string;
  readonly room: string;
  readonly clientId: string;
  readonly qos: Qos;
  /** The retain flag of the readings; the status is always retained. */
  readonly retain: boolean;
}

export class RoomClient {
  private session: Session | undefined;
  /** Which open() the session's callbacks belong to: those of a session dropped before are ignored. */
  private attempt: object | undefined;
  private connected = false;
  private pending: readonly OutgoingMessage[] = [];

  constructor(private readonly options: RoomClientOptions) {}

  get isConnected(): boolean {
    return this.connected;
  }

  /** Opens the session unless one is open. */
  connect(): void {
    if (this.session) return;
    // The adapter may call onConnect before open() returns: the session is then announced once it is known.
    const attempt: { session?: Session } = {};
    const onConnect = () => {
      if (this.attempt !== attempt) return;
      this.connected = true;
      if (attempt.session) this.announce(attempt.session);
    };
    this.attempt = attempt;
    const session = this.options.broker.open({
      clientId: this.options.clientId,
      will: this.status(ROOM_OFFLINE),
      onConnect,
      onClose: () => {
        if (this.attempt === attempt) this.connected = false;
      },
    });
    attempt.session = session;
    this.session = session;
    if (this.connected) this.announce(session);
  }

  /** Cuts the connection without DISCONNECT: the broker publishes the Last Will. */
  drop(): void {
    if (!this.session) return;
    this.session.drop();
    this.session = undefined;
    this.attempt = undefined;
    this.connected = false;
    this.pending = [];
  }

  /** Publishes `slots` now, or keeps them (instead of any kept before) for the next connection. */
  send(slots: readonly Slot[]): void {
    const messages = slots.map((slot) => ({ ...slot, qos: this.options.qos, retain: this.options.retain }));
    if (this.connected) for (const message of messages) this.session!.publish(message);
    else this.pending = messages;
  }

  /** A clean end: `offline` published by the room itself (the broker drops the Will on DISCONNECT). */
  async end(): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (this.connected) session.publish(this.status(ROOM_OFFLINE));
    this.session = undefined;
    this.attempt = undefined;
    this.connected = false;
    await session.end();
  }

  /** online, then what was kept while disconnected. */
  private announce(session: Session): void {
    session.publish(this.status(ROOM_ONLINE));
    for (const message of this.pending) session.publish(message);
    this.pending = [];
  }

  private status(payload: string): OutgoingMessage {
    return { topic: roomStatusTopic(this.options.prefix, this.options.room), payload, qos: this.options.qos, retain: true };
  }
}
