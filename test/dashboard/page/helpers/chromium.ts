import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { trackChild, trackServer } from '../../../helpers/processes.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
  '--remote-debugging-port=0',
];

export interface RunningChromium {
  readonly browser: Browser;
  /** Closes the browser, ends its process, removes its profile. */
  close(): Promise<void>;
}

/**
 * Debian's Chromium, started by us (so that the process registry ends it whatever happens to
 * the test) with a fresh profile in a temporary directory, driven over CDP by playwright-core.
 */
export async function startChromium(): Promise<RunningChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'owm2mqtt-chromium-'));
  const child = trackChild(
    spawn(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] }),
    'chromium',
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // After the browser: its helper processes still write to the profile until it is gone.
  const removeProfile = trackServer('chromium profile', async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start within 20 s: ${seen.slice(-500)}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`chromium exited (${code}) before listening: ${seen.slice(-500)}`));
    });
  });
  const browser = await chromium.connectOverCDP(endpoint);
  return {
    browser,
    close: async () => {
      // Browser.close ends Chromium and its helpers in order; disconnecting alone would leave it running.
      const session = await browser.newBrowserCDPSession().catch(() => undefined);
      await session?.send('Browser.close').catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      await browser.close().catch(() => undefined);
      await removeProfile();
    },
  };
}
