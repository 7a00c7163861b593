/**
 * deploy/owm2mqtt-dashboard.service under a real systemd, as test/e2e/systemd-units.test.ts runs
 * the bridge's units: a Debian Bookworm root (systemd 252), this machine's `node` and the packed
 * tarball installed with `npm install -g --prefix`, booted with systemd-nspawn, against the
 * test's own Mosquitto on the shared loopback. The unit starts, serves its page, and its history
 * (in its StateDirectory=) survives a restart.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debianRoot, debianRootUnavailable } from '../helpers/debian-root.js';
import { uniquePrefix } from '../helpers/env.js';
import { type Bind, bootContainer, type Container, nspawnUnavailable } from '../helpers/nspawn.js';
import { freePort } from '../helpers/ports.js';
import { publish } from '../helpers/subscriber.js';
import { until, useBrokerAndOwm } from '../helpers/world.js';

const PROJECT = fileURLToPath(new URL('../../', import.meta.url));
const UNIT = 'owm2mqtt-dashboard.service';
const unavailable = debianRootUnavailable() ?? nspawnUnavailable();

const world = useBrokerAndOwm();

describe.skipIf(unavailable !== undefined && process.env.CI !== 'true')('deploy/owm2mqtt-dashboard.service under systemd', () => {
  let work = '';
  let container: Container;
  let page = '';
  const prefix = uniquePrefix('systemd-dashboard');

  beforeAll(async () => {
    if (unavailable) throw new Error(unavailable);
    const root = await debianRoot('bookworm-systemd', 'bookworm', ['systemd', 'systemd-sysv', 'dbus', 'libstdc++6', 'ca-certificates']);
    work = mkdtempSync(join(tmpdir(), 'owm2mqtt-systemd-dashboard-'));
    const usrLocal = join(work, 'usr-local');
    mkdirSync(join(usrLocal, 'bin'), { recursive: true });
    copyFileSync(process.execPath, join(usrLocal, 'bin', 'node'));
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--pack-destination', work, '--json'], {
        cwd: PROJECT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as { filename: string }[];
    execFileSync(
      'npm',
      ['install', '-g', '--prefix', usrLocal, join(work, packed!.filename), '--ignore-scripts', '--no-audit', '--no-fund'],
      { stdio: 'ignore' },
    );
    // --ignore-scripts leaves better-sqlite3 unbuilt (its install script fetches or compiles the
    // addon): the one built here for this same node goes in its place.
    cpSync(
      join(PROJECT, 'node_modules', 'better-sqlite3', 'build'),
      join(usrLocal, 'lib', 'node_modules', 'owm2mqtt', 'node_modules', 'better-sqlite3', 'build'),
      { recursive: true },
    );
    const port = await freePort();
    page = `http://127.0.0.1:${port}/`;
    mkdirSync(join(work, 'etc-owm2mqtt'));
    writeFileSync(
      join(work, 'etc-owm2mqtt', 'owm2mqtt.env'),
      `MQTT_URL=${world.broker.url}\nDASHBOARD_TOPICS=${prefix}/#\nDASHBOARD_PORT=${port}\nMQTT_RECONNECT_MIN_MS=200\n`,
    );
    const binds: Bind[] = [
      { host: usrLocal, inside: '/usr/local' },
      { host: join(work, 'etc-owm2mqtt'), inside: '/etc/owm2mqtt' },
      { host: join(PROJECT, 'deploy', UNIT), inside: `/etc/systemd/system/${UNIT}` },
    ];
    container = await bootContainer(root, binds);
  }, 900_000);

  afterAll(async () => {
    await container?.poweroff();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  const journalOf = async () => `\n${(await container.journal('-b', '-u', UNIT)).map((entry) => entry.MESSAGE ?? '').join('\n')}`;
  const series = async () =>
    ((await (await fetch(new URL('/api/series', page))).json()) as { series: { topic: string; value: number }[] }).series;
  const hasValue = async (topic: string, value: number) => (await series()).some((s) => s.topic === topic && s.value === value);

  it('starts under DynamicUser, serves its page, and records what the broker carries', async () => {
    const start = await container.systemctl('start', UNIT);
    expect(start.status, start.stderr).toBe(0);
    await until(async () => (await fetch(page)).status === 200, 30_000).catch(async (error: unknown) => {
      throw new Error(`${String(error)}${await journalOf()}`);
    });
    expect(await (await fetch(page)).text()).toContain('src="/app.js"');
    expect(await container.show(UNIT, 'ActiveState', 'NRestarts')).toMatchObject({ ActiveState: 'active', NRestarts: '0' });
    const journal = await journalOf();
    expect(journal).not.toContain('better-sqlite3');
    expect(journal).toContain('history in /var/lib/owm2mqtt/history.db');
    await until(async () => (await journalOf()).includes('connected to the MQTT broker'), 20_000);
    // Not retained: after a restart only the history can show it.
    await publish(world.broker.url, `${prefix}/salon/temperature`, '19.25');
    await until(() => hasValue(`${prefix}/salon/temperature`, 19.25), 10_000);
  }, 90_000);

  it('keeps its history in the StateDirectory across a restart', async () => {
    const restart = await container.systemctl('restart', UNIT);
    expect(restart.status, restart.stderr).toBe(0);
    await until(async () => (await fetch(page)).status === 200, 30_000);
    expect(await hasValue(`${prefix}/salon/temperature`, 19.25), await journalOf()).toBe(true);
    // With DynamicUser=, systemd keeps it under /var/lib/private and links it.
    expect((await container.exec(['readlink', '/var/lib/owm2mqtt'])).stdout.trim()).toBe('private/owm2mqtt');
    expect((await container.exec(['ls', '/var/lib/private/owm2mqtt/'])).stdout).toContain('history.db');
    const stop = await container.systemctl('stop', UNIT);
    expect(stop.status).toBe(0);
    expect(await container.show(UNIT, 'ActiveState', 'Result')).toMatchObject({ ActiveState: 'inactive', Result: 'success' });
  }, 90_000);
});
