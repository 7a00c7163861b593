import { createServer } from 'node:net';
import { waitForPort as waitOnLoopback } from '../../src/demo/ports.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on the port: the demo's own wait, with a test's default limit. */
export function waitForPort(port: number, timeoutMs = 5000): Promise<void> {
  return waitOnLoopback(port, timeoutMs);
}
