import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A raw-TCP MQTT broker scripted for what Mosquitto will not do on demand: acknowledge the first
 * `ackFirst` PUBLISHes and then go silent (no PUBACK, no PINGRESP), or push a client off with an
 * MQTT 5 DISCONNECT 142 (session taken over) right after accepting it, as brokers that send it do.
 */
export interface ScriptedBroker {
  readonly url: string;
  connections(): number;
  /** PUBLISH packets received, acknowledged or not. */
  published(): number;
  close(): Promise<void>;
}

export async function startScriptedBroker(script: { ackFirst?: number; takeOverAfterMs?: number }): Promise<ScriptedBroker> {
  let connections = 0;
  let published = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let v5 = false;
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
            socket.write(Buffer.concat([Buffer.from([0x40, 0x02]), id]));
          }
        } else if (type === 8 && !silent) {
          socket.write(Buffer.concat([Buffer.from([0x90, v5 ? 0x04 : 0x03]), body.subarray(0, 2), Buffer.from(v5 ? [0x00, 0x01] : [0x01])]));
        } else if (type === 12 && !silent) {
          socket.write(Buffer.from([0xd0, 0x00]));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    connections: () => connections,
    published: () => published,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
