/**
 * deploy/owm2mqtt-all.service under a real systemd, as docs/deployment.md ("One process on a Pi")
 * installs it: a Debian Bookworm root (systemd 252), this machine's `node` and the packed tarball
 * installed with `npm install -g --prefix`, booted with systemd-nspawn, against the test's own
 * Mosquitto and OpenWeatherMap stand-in on the shared loopback. One unit publishes the weather
 * (its key by LoadCredential=), the aggregator's means and serves the dashboard, its history in
 * its StateDirectory=; `systemctl stop` says offline for both and ends it with success.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debianRoot, debianRootUnavailable } from '../helpers/debian-root.js';
import { FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { type Bind, bootContainer, type Container, nspawnUnavailable } from '../helpers/nspawn.js';
import { freePort } from '../helpers/ports.js';
import { publish, retainedSnapshot } from '../helpers/subscriber.js';
import { until, useBrokerAndOwm } from '../helpers/world.js';

const PROJECT = fileURLToPath(new URL('../../', import.meta.url));
const UNIT = 'owm2mqtt-all.service';
const unavailable = debianRootUnavailable() ?? nspawnUnavailable();

const world = useBrokerAndOwm();

describe.skipIf(unavailable !== undefined && process.env.CI !== 'true')('deploy/owm2mqtt-all.service under systemd', () => {
  let work = '';
  let container: Container;
  let page = '';
  const prefix = uniquePrefix('systemd-all');
  const home = `${prefix}-home`;
  const stats = `${prefix}-stats`;

  beforeAll(async () => {
    if (unavailable) throw new Error(unavailable);
    const root = await debianRoot('bookworm-systemd', 'bookworm', ['systemd', 'systemd-sysv', 'dbus', 'libstdc++6', 'ca-certificates']);
    work = mkdtempSync(join(tmpdir(), 'owm2mqtt-systemd-all-'));
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
    // --ignore-scripts leaves better-sqlite3 unbuilt: the one built here for this same node goes in its place.
    cpSync(
      join(PROJECT, 'node_modules', 'better-sqlite3', 'build'),
      join(usrLocal, 'lib', 'node_modules', 'owm2mqtt', 'node_modules', 'better-sqlite3', 'build'),
      { recursive: true },
    );
    const port = await freePort();
    page = `http://127.0.0.1:${port}/`;
    const etc = join(work, 'etc-owm2mqtt');
    mkdirSync(etc);
    world.owm.script('q=Lisbon,PT', [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }]);
    const settings = {
      MQTT_URL: world.broker.url,
      OWM_BASE_URL: world.owm.url,
      OWM_LOCATIONS: 'Lisbon,PT',
      OWM_GEOCODING: 'false',
      TOPIC_PREFIX: prefix,
      DASHBOARD_PORT: String(port),
      DASHBOARD_TOPICS: `${prefix}/#;${home}/#;${stats}/#`,
    };
    writeFileSync(
      join(etc, 'owm2mqtt.env'),
      Object.entries(settings)
        .map(([name, value]) => `${name}=${value}\n`)
        .join(''),
    );
    writeFileSync(join(etc, 'aggregate.env'), `AGG_SOURCES=${home}/+/temperature\nAGG_PREFIX=${stats}\nAGG_PERIOD_S=1\n`);
    writeFileSync(join(etc, 'owm-api-key'), `${FAKE_KEY}\n`, { mode: 0o600 });
    const binds: Bind[] = [
      { host: usrLocal, inside: '/usr/local' },
      { host: etc, inside: '/etc/owm2mqtt' },
      { host: join(PROJECT, 'deploy', UNIT), inside: `/etc/systemd/system/${UNIT}` },
    ];
    container = await bootContainer(root, binds);
  }, 900_000);

  afterAll(async () => {
    await container?.poweroff();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  const journalOf = async () => `\n${(await container.journal('-b', '-u', UNIT)).map((entry) => entry.MESSAGE ?? '').join('\n')}`;
  const failing = async (error: unknown) => {
    throw new Error(`${String(error)}${await journalOf()}`);
  };

  it('one unit: the weather, the means, the page with its history in /var/lib/owm2mqtt', async () => {
    const start = await container.systemctl('start', UNIT);
    expect(start.status, start.stderr).toBe(0);
    await until(
      async () => (await retainedSnapshot(world.broker.url, `${prefix}/#`)).get(`${prefix}/lisbon/temperature`)?.payload === '22.55',
      30_000,
    ).catch(failing);
    await publish(world.broker.url, `${home}/salon/temperature`, '21', { retain: true });
    await publish(world.broker.url, `${home}/cuisine/temperature`, '23', { retain: true });
    await until(
      async () => (await retainedSnapshot(world.broker.url, `${stats}/#`)).get(`${stats}/${home}/temperature`)?.payload === '22',
      30_000,
    ).catch(failing);
    await until(async () => (await fetch(page)).status === 200, 30_000).catch(failing);
    expect(await (await fetch(page)).text()).toContain('src="/app.js"');
    const journal = await journalOf();
    expect(journal).toContain('history in /var/lib/owm2mqtt/history.db');
    expect(journal).not.toContain(FAKE_KEY);
    expect(await container.show(UNIT, 'ActiveState', 'NRestarts')).toMatchObject({ ActiveState: 'active', NRestarts: '0' });
    const tagged = await container.journal('-t', 'owm2mqtt-all');
    expect(tagged.some((entry) => (entry.MESSAGE ?? '').startsWith('aggregating '))).toBe(true);
  }, 120_000);

  it('`systemctl stop` stops the three: both statuses offline, the unit inactive with success', async () => {
    const stop = await container.systemctl('stop', UNIT);
    expect(stop.status).toBe(0);
    expect(await container.show(UNIT, 'ActiveState', 'Result')).toMatchObject({ ActiveState: 'inactive', Result: 'success' });
    expect((await retainedSnapshot(world.broker.url, `${prefix}/#`)).get(`${prefix}/bridge/status`)?.payload).toBe('offline');
    expect((await retainedSnapshot(world.broker.url, `${stats}/#`)).get(`${stats}/status`)?.payload).toBe('offline');
    expect((await container.exec(['ls', '/var/lib/private/owm2mqtt/'])).stdout).toContain('history.db');
  }, 90_000);
});
