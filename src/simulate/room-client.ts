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
  private connected = false;
  private pending: readonly OutgoingMessage[] = [];

  constructor(private readonly options: RoomClientOptions) {}

  get isConnected(): boolean {
    return this.connected;
  }

  /** Opens the session unless one is open. */
  connect(): void {
    if (this.session) return;
    const session = this.options.broker.open({
      clientId: this.options.clientId,
      will: this.status(ROOM_OFFLINE),
      onConnect: () => {
        if (this.session !== session) return;
        this.connected = true;
        session.publish(this.status(ROOM_ONLINE));
        for (const message of this.pending) session.publish(message);
        this.pending = [];
      },
      onClose: () => {
        if (this.session === session) this.connected = false;
      },
    });
    this.session = session;
  }

  /** Cuts the connection without DISCONNECT: the broker publishes the Last Will. */
  drop(): void {
    if (!this.session) return;
    this.session.drop();
    this.session = undefined;
    this.connected = false;
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
    this.connected = false;
    await session.end();
  }

  private status(payload: string): OutgoingMessage {
    return { topic: roomStatusTopic(this.options.prefix, this.options.room), payload, qos: this.options.qos, retain: true };
  }
}
