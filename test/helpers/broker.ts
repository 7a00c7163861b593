import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports.js';
import { currentScope, trackChild, trackServer } from './processes.js';

/**
 * A broker of the test's own on a free loopback port: Mosquitto with a
 * temporary config (no persistence, so a restart loses every retained
 * message, as a default install without a database does). Only where the
 * binary is missing, and never in CI, an in-process Aedes stands in.
 */
export interface TestBroker {
  readonly url: string;
  readonly port: number;
  readonly kind: 'mosquitto' | 'aedes';
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Replaces the extra configuration lines; takes effect at the next start(). */
  configure(extraConfig: string[]): void;
}

/** Debian installs it in /usr/sbin, which a non-root PATH may lack. */
const MOSQUITTO = ['mosquitto', '/usr/sbin/mosquitto'].find((bin) => spawnSync(bin, ['-h'], { stdio: 'ignore' }).error === undefined);

export function mosquittoAvailable(): boolean {
  return MOSQUITTO !== undefined;
}

export async function startBroker(extraConfig: string[] = [], port?: number): Promise<TestBroker> {
  port ??= await freePort();
  if (mosquittoAvailable()) return startMosquitto(port, extraConfig);
  if (process.env.CI === 'true') throw new Error('mosquitto is not installed; CI must test against Mosquitto (.ci/run installs it)');
  return startAedes(port);
}

async function startMosquitto(port: number, extraConfig: string[]): Promise<TestBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-broker-'));
  const configFile = join(dir, 'mosquitto.conf');
  const write = (extra: string[]) => {
    const anonymous = extra.some((line) => line.startsWith('allow_anonymous')) ? [] : ['allow_anonymous true'];
    writeFileSync(configFile, [`listener ${port} 127.0.0.1`, ...anonymous, 'persistence false', 'log_dest none', ...extra, ''].join('\n'));
  };
  write(extraConfig);
  const scope = currentScope();
  let child: ChildProcess | undefined;
  const broker: TestBroker = {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    kind: 'mosquitto',
    configure: write,
    async start() {
      if (child) return;
      child = trackChild(
        spawn(MOSQUITTO!, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] }),
        `mosquitto on port ${port}`,
        scope,
      );
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<never>((_, reject) =>
        child!.once('exit', (code) => reject(new Error(`mosquitto exited (${code}): ${stderr}`))),
      );
      await Promise.race([waitForPort(port), exited]);
      exited.catch(() => undefined);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
      });
    },
  };
  await broker.start();
  return broker;
}

async function startAedes(port: number): Promise<TestBroker> {
  const { Aedes } = await import('aedes');
  const scope = currentScope();
  let server: Server | undefined;
  let close: (() => Promise<void>) | undefined;
  const broker: TestBroker = {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    kind: 'aedes',
    configure() {
      throw new Error('the Aedes stand-in cannot be reconfigured; install mosquitto');
    },
    async start() {
      if (server) return;
      const aedes = await Aedes.createBroker();
      server = createServer(aedes.handle);
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      const s = server;
      close = trackServer(
        `aedes on port ${port}`,
        () => new Promise<void>((resolve) => aedes.close(() => s.close(() => resolve()))),
        scope,
      );
    },
    async stop() {
      server = undefined;
      await close?.();
      close = undefined;
    },
  };
  await broker.start();
  return broker;
}
