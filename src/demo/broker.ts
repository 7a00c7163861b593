import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import { listenOn, waitForPort } from './ports.js';

export interface DemoBroker {
  readonly url: string;
  readonly kind: string;
  stop(): Promise<void>;
}

/** Debian installs it in /usr/sbin, which a user's PATH may lack. */
const MOSQUITTO = ['mosquitto', '/usr/sbin/mosquitto'].find((bin) => spawnSync(bin, ['-h'], { stdio: 'ignore' }).error === undefined);

/**
 * A broker of the demo's own on `port` (0: any free one): Mosquitto on loopback with a
 * configuration in `folder`, no persistence; where Mosquitto is not installed, Aedes in this process.
 */
export async function startDemoBroker(port: number, folder: string): Promise<DemoBroker> {
  if (MOSQUITTO === undefined) {
    const aedes = await Aedes.createBroker();
    const server = createTcpServer(aedes.handle);
    const bound = await listenOn(server, port);
    return {
      url: `mqtt://127.0.0.1:${bound}`,
      kind: 'Aedes (in this process; install mosquitto to use it instead)',
      stop: async () => {
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
        server.close();
      },
    };
  }
  const bound = port === 0 ? await listenOn(createTcpServer(), 0, true) : port;
  const config = join(folder, 'mosquitto.conf');
  writeFileSync(config, [`listener ${bound} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'log_dest none', ''].join('\n'));
  const child: ChildProcess = spawn(MOSQUITTO, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await Promise.race([
    waitForPort(bound, 10_000),
    exited.then(() => {
      throw new Error(
        `mosquitto could not listen on 127.0.0.1:${bound}: ${stderr.trim() || 'it exited'} (DEMO_MQTT_PORT chooses another port)`,
      );
    }),
  ]);
  return {
    url: `mqtt://127.0.0.1:${bound}`,
    kind: `Mosquitto (${MOSQUITTO})`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
