import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { trackServer } from './processes.js';

/**
 * A TCP proxy in front of a real broker that plays, without timing, what a broker with
 * Nagle's algorithm on (Mosquitto's default) does with a client whose kernel delays its
 * ACKs: once a broker packet is in flight, the next ones wait until the client sends
 * something (which carries the ACK). Real kernels give up after ~40 ms; this one never does,
 * so a client that only waits would wait until its own timeout.
 */
export async function startNagleProxy(brokerPort: number): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const broker = connect(brokerPort, '127.0.0.1');
    sockets.add(client).add(broker);
    let inFlight = false;
    let held: Buffer[] = [];
    broker.on('data', (chunk) => {
      if (inFlight) held.push(chunk);
      else {
        client.write(chunk);
        inFlight = true;
      }
    });
    client.on('data', (chunk) => {
      broker.write(chunk);
      if (held.length > 0) {
        client.write(Buffer.concat(held));
        held = [];
      } else inFlight = false;
    });
    const close = () => {
      client.destroy();
      broker.destroy();
    };
    for (const socket of [client, broker]) {
      socket.on('close', close);
      socket.on('error', close);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    close: trackServer(
      `Nagle proxy on port ${port}`,
      () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    ),
  };
}
