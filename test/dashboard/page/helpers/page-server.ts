import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveState } from '../../../../src/dashboard/server/live-state.js';
import { type DashboardServer, type DashboardServerOptions, startDashboardServer } from '../../../../src/dashboard/server/server.js';
import { trackServer } from '../../../helpers/processes.js';
import { FakeHistory } from './fake-history.js';

import { buildDashboardPage, writeDashboardPage } from '../../../../scripts/dashboard-page.mjs';

let built: { directory: Promise<string>; remove: () => Promise<void> } | undefined;

/**
 * The page built from the sources once per test file, into a temporary directory; the file's
 * afterAll calls removePageAssets (the process registry removes it if the file fails first).
 */
export function pageAssets(): Promise<string> {
  if (built === undefined) {
    const directory = mkdtempSync(join(tmpdir(), 'owm2mqtt-page-'));
    const remove = trackServer('dashboard page files', async () => rmSync(directory, { recursive: true, force: true }), 'file');
    const write = async () => {
      writeDashboardPage(await buildDashboardPage(), directory);
      return directory;
    };
    built = { directory: write(), remove };
  }
  return built.directory;
}

export async function removePageAssets(): Promise<void> {
  await built?.remove();
  built = undefined;
}

export interface PageWorld {
  readonly server: DashboardServer;
  readonly history: FakeHistory;
  readonly live: LiveState;
  readonly close: () => Promise<void>;
}

/** A real dashboard server on 127.0.0.1 and a free port, over an in-memory history and the real LiveState. */
export async function startPageServer(
  options: Partial<DashboardServerOptions> & { history?: FakeHistory; live?: LiveState } = {},
): Promise<PageWorld> {
  const history = options.history ?? new FakeHistory();
  const live = options.live ?? new LiveState();
  const server = await startDashboardServer({
    host: '127.0.0.1',
    port: 0,
    password: undefined,
    assetsDirectory: await pageAssets(),
    ...options,
    history,
    live,
  });
  const close = trackServer(`dashboard server ${server.url}`, () => server.close());
  return { server, history, live, close };
}
