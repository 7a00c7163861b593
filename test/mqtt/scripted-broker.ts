import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { trackServer } from '../helpers/processes.js';

/**
 * A raw-TCP MQTT broker scripted for what Mosquitto will not do on demand: acknowledge the first
 * `ackFirst` PUBLISHes and then go silent (no PUBACK, no PINGRESP), push a client off with an
 * MQTT 5 DISCONNECT 142 (session taken over) right after accepting it, as brokers that send it do,
 * trickle its acknowledgements, or refuse connections and drop them on demand.
 */
export interface ScriptedBroker {
  readonly url: string;
  /** CONNECT packets received. */
  connections(): number;
  /** TCP connections accepted, refused ones included. */
  accepted(): number;
  /** While true, every new TCP connection is closed as soon as it is accepted, before any CONNACK. */
  refusing: boolean;
  /** Closes every open connection, as a broker going away does. */
  dropAll(): void;
  /**
   * The number of connections accepted before a probe connection this opens now: the kernel
   * queues connections in order, so a connection attempt the client made before this call is counted.
   */
  acceptedBeforeNow(): Promise<number>;
  /** PUBLISH packets received, acknowledged or not. */
  published(): number;
  close(): Promise<void>;
}

/** Probe connections come from another loopback address than the client under test. */
const PROBE_ADDRESS = '127.0.0.2';

export interface Script {
  /** Acknowledge this many PUBLISHes, then nothing more (no PUBACK, SUBACK, UNSUBACK or PINGRESP). */
  ackFirst?: number;
  /** Push the client off with a DISCONNECT 142 this long after accepting it. */
  takeOverAfterMs?: number;
  /** A slow broker that still answers pings: one PUBACK every this many ms, in order. */
  ackEveryMs?: number;
}

export async function startScriptedBroker(script: Script): Promise<ScriptedBroker> {
  let connections = 0;
  let published = 0;
  let accepted = 0;
  const probes: ((count: number) => void)[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    if (socket.remoteAddress === PROBE_ADDRESS) {
      socket.destroy();
      return probes.shift()?.(accepted);
    }
    accepted++;
    if (broker.refusing) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let v5 = false;
    const subscriptions = new Set<string>();
    let nextAckAt = 0;
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        // Fixed header: type and flags, then the remaining length as a varint.
        let length = 0;
        let at = 1;
        let complete = false;
        for (let multiplier = 1; at < buffer.length && at <= 4; multiplier *= 128) {
          const byte = buffer[at++]!;
          length += (byte & 0x7f) * multiplier;
          if ((byte & 0x80) === 0) {
            complete = true;
            break;
          }
        }
        if (!complete || at + length > buffer.length) return;
        const type = buffer[0]! >> 4;
        const qos = (buffer[0]! >> 1) & 3;
        const body = buffer.subarray(at, at + length);
        buffer = buffer.subarray(at + length);
        const silent = script.ackFirst !== undefined && published >= script.ackFirst;
        if (type === 1) {
          connections++;
          v5 = body[6] === 5;
          socket.write(Buffer.from(v5 ? [0x20, 0x03, 0x00, 0x00, 0x00] : [0x20, 0x02, 0x00, 0x00]));
          if (script.takeOverAfterMs !== undefined) {
            setTimeout(() => {
              socket.write(Buffer.from([0xe0, 0x01, 0x8e]));
              socket.end();
            }, script.takeOverAfterMs);
          }
        } else if (type === 3) {
          const acked = !silent;
          published++;
          if (qos > 0 && acked) {
            const id = body.subarray(2 + body.readUInt16BE(0), 4 + body.readUInt16BE(0));
            const puback = Buffer.concat([Buffer.from([0x40, 0x02]), id]);
            if (script.ackEveryMs === undefined) socket.write(puback);
            else {
              nextAckAt = Math.max(Date.now(), nextAckAt) + script.ackEveryMs;
              setTimeout(() => socket.writable && socket.write(puback), nextAckAt - Date.now());
            }
          }
          const topic = body.subarray(2, 2 + body.readUInt16BE(0)).toString('utf8');
          if (acked && subscriptions.has(topic)) socket.write(echo(body, qos, v5));
        } else if (type === 8 && !silent) {
          // One granted QoS 1 per filter; an exact filter (the read-back's barrier) gets its PUBLISHes echoed.
          const filters = subscribedFilters(body, v5);
          for (const filter of filters) subscriptions.add(filter);
          const codes = Buffer.alloc(filters.length, 0x01);
          const props = v5 ? Buffer.from([0x00]) : Buffer.alloc(0);
          socket.write(Buffer.concat([Buffer.from([0x90, 2 + props.length + codes.length]), body.subarray(0, 2), props, codes]));
        } else if (type === 10 && !silent) {
          const id = body.subarray(0, 2);
          socket.write(Buffer.concat([Buffer.from([0xb0, v5 ? 0x03 : 0x02]), id, v5 ? Buffer.from([0x00]) : Buffer.alloc(0)]));
        } else if (type === 12 && !silent) {
          socket.write(Buffer.from([0xd0, 0x00]));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const broker: ScriptedBroker = {
    url: `mqtt://127.0.0.1:${port}`,
    connections: () => connections,
    accepted: () => accepted,
    refusing: false,
    dropAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    acceptedBeforeNow: () =>
      new Promise<number>((resolve) => {
        probes.push(resolve);
        connect({ host: '127.0.0.1', port, localAddress: PROBE_ADDRESS }).on('error', () => undefined);
      }),
    published: () => published,
    close: trackServer(
      `scripted broker on port ${port}`,
      () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    ),
  };
  return broker;
}

/** The topic filters of a SUBSCRIBE's body (packet id, MQTT 5 properties, then filter and options pairs). */
function subscribedFilters(body: Buffer, v5: boolean): string[] {
  let at = 2;
  if (v5) at += 1 + readVarint(body, at);
  const filters: string[] = [];
  while (at + 2 <= body.length) {
    const length = body.readUInt16BE(at);
    filters.push(body.subarray(at + 2, at + 2 + length).toString('utf8'));
    at += 2 + length + 1;
  }
  return filters;
}

/** A received PUBLISH sent back as QoS 0, not retained, as a broker delivers it to a subscriber. */
function echo(body: Buffer, qos: number, v5: boolean): Buffer {
  const topicEnd = 2 + body.readUInt16BE(0);
  let at = topicEnd + (qos > 0 ? 2 : 0);
  if (v5) at += 1 + readVarint(body, at);
  const rest = Buffer.concat([body.subarray(0, topicEnd), v5 ? Buffer.from([0x00]) : Buffer.alloc(0), body.subarray(at)]);
  return Buffer.concat([Buffer.from([0x30]), varint(rest.length), rest]);
}

/** A property length small enough to fit one byte (ours always do): its value. */
function readVarint(buffer: Buffer, at: number): number {
  return buffer[at]! & 0x7f;
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    bytes.push(byte);
  } while (value > 0);
  return Buffer.from(bytes);
}
