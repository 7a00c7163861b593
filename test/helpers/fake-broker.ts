import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { trackServer } from './processes.js';

/**
 * A misbehaving MQTT broker on loopback, for faults Mosquitto will not produce
 * on demand: it accepts the connection (CONNACK 0) and then either never
 * acknowledges a PUBLISH, or drops the connection at the first request after
 * the CONNECT.
 */
export async function startFakeBroker(
  behaviour: 'never-ack' | 'drop-on-publish' | 'drop-after-connack',
): Promise<{ url: string; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let connected = false;
    socket.on('data', (chunk) => {
      if (!connected && (chunk[0]! & 0xf0) === 0x10) {
        connected = true;
        connections++;
        socket.write(Buffer.from([0x20, 0x02, 0x00, 0x00]));
        if (behaviour === 'drop-after-connack') setTimeout(() => socket.destroy(), 20);
        return;
      }
      // The first request after the CONNECT (a SUBSCRIBE or a PUBLISH, often in one chunk): drop.
      if (behaviour === 'drop-on-publish') socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    connections: () => connections,
    close: trackServer(
      `fake broker (${behaviour}) on port ${port}`,
      () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    ),
  };
}
