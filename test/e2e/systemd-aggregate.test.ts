/**
 * deploy/owm2mqtt-aggregate.service under a real systemd, as a user installs it (docs/deployment.md,
 * "The aggregator as a service"): the Debian Bookworm root of test/e2e/systemd-units.test.ts, this
 * machine's `node` and the packed tarball installed with `npm install -g --prefix`, the unit copied
 * in, booted with systemd-nspawn, driven with `systemctl`, against the test's own Mosquitto. No
 * OpenWeatherMap key anywhere.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type TestBroker } from '../helpers/broker.js';
import { debianRoot, debianRootUnavailable } from '../helpers/debian-root.js';
import { uniquePrefix } from '../helpers/env.js';
import { type Bind, bootContainer, type Container, nspawnUnavailable } from '../helpers/nspawn.js';
import { publish, retainedSnapshot } from '../helpers/subscriber.js';
import { until } from '../helpers/world.js';

const PROJECT = fileURLToPath(new URL('../../', import.meta.url));
const UNIT = 'owm2mqtt-aggregate.service';
const unavailable = debianRootUnavailable() ?? nspawnUnavailable();

describe.skipIf(unavailable !== undefined && process.env.CI !== 'true')('deploy/owm2mqtt-aggregate.service under systemd', () => {
  let broker: TestBroker;
  let work = '';
  let container: Container;
  const home = uniquePrefix('systemd-house');
  const stats = `${home}-stats`;
  const etc = () => join(work, 'etc-owm2mqtt');
  /** The broker in the shared file, the aggregator's own settings in aggregate.env, as docs/deployment.md has them. */
  const writeSettings = (aggregate: Record<string, string> = {}) => {
    writeFileSync(join(etc(), 'owm2mqtt.env'), `MQTT_URL=${broker.url}\nOWM_LOCATIONS=Lisbon,PT\n`);
    writeFileSync(
      join(etc(), 'aggregate.env'),
      Object.entries({ AGG_SOURCES: `${home}/+/temperature`, AGG_PREFIX: stats, AGG_PERIOD_S: '1', ...aggregate })
        .map(([name, value]) => `${name}=${value}\n`)
        .join(''),
    );
  };

  beforeAll(async () => {
    if (unavailable) throw new Error(unavailable);
    broker = await startBroker();
    const root = await debianRoot('bookworm-systemd', 'bookworm', ['systemd', 'systemd-sysv', 'dbus', 'libstdc++6', 'ca-certificates']);
    work = mkdtempSync(join(tmpdir(), 'owm2mqtt-systemd-aggregate-'));
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
    mkdirSync(etc());
    writeSettings();
    const binds: Bind[] = [
      { host: usrLocal, inside: '/usr/local' },
      { host: etc(), inside: '/etc/owm2mqtt' },
      { host: join(PROJECT, 'deploy', UNIT), inside: `/etc/systemd/system/${UNIT}` },
    ];
    container = await bootContainer(root, binds);
  }, 900_000);

  afterAll(async () => {
    await container?.poweroff();
    await broker?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  const retained = () => retainedSnapshot(broker.url, `${stats}/#`);
  const state = () => container.show(UNIT, 'ActiveState', 'SubState', 'Result', 'NRestarts', 'ExecMainStatus', 'MainPID');
  const journalOf = async () => `\n${(await container.journal('-b', '-u', UNIT)).map((entry) => entry.MESSAGE ?? '').join('\n')}`;

  it('is known to systemd, with no warning from its loader', async () => {
    expect((await container.show(UNIT, 'LoadState')).LoadState).toBe('loaded');
    const warnings = (await container.journal('-b', '-u', 'init.scope', '-p', 'warning'))
      .map((entry) => entry.MESSAGE ?? '')
      .filter((message) => message.includes('owm2mqtt'));
    expect(warnings).toEqual([]);
  });

  it('starts under DynamicUser without any OpenWeatherMap key, says online and publishes the means', async () => {
    await publish(broker.url, `${home}/salon/temperature`, '21', { retain: true });
    await publish(broker.url, `${home}/cuisine/temperature`, '23', { retain: true });
    const start = await container.systemctl('start', UNIT);
    expect(start.status, start.stderr).toBe(0);
    await until(async () => (await retained()).get(`${stats}/${home}/temperature`)?.payload === '22', 30_000).catch(
      async (error: unknown) => {
        throw new Error(`${String(error)}${await journalOf()}`);
      },
    );
    const messages = await retained();
    expect(messages.get(`${stats}/status`)?.payload).toBe('online');
    expect(messages.get(`${stats}/${home}/salon/temperature`)?.payload).toBe('21');
    const now = await state();
    expect(now).toMatchObject({ ActiveState: 'active', SubState: 'running', NRestarts: '0' });
    const uid = (await container.exec(['stat', '-c', '%u', `/proc/${now.MainPID}`])).stdout.trim();
    expect(Number(uid)).toBeGreaterThan(0);
  }, 60_000);

  it('its journal lines carry the identifier owm2mqtt-aggregate, with their priorities', async () => {
    const started = async () =>
      (await container.journal('-t', 'owm2mqtt-aggregate')).find((entry) => (entry.MESSAGE ?? '').startsWith('aggregating '));
    await until(async () => (await started()) !== undefined, 20_000);
    const line = (await started())!;
    expect(line.PRIORITY).toBe('6');
    expect(line._SYSTEMD_UNIT).toBe(UNIT);
  }, 30_000);

  it('`systemctl stop` leaves its status offline, retained, and the unit inactive with success', async () => {
    expect((await container.systemctl('stop', UNIT)).status).toBe(0);
    expect(await state()).toMatchObject({ ActiveState: 'inactive', Result: 'success' });
    expect((await retained()).get(`${stats}/status`)?.payload).toBe('offline');
  }, 60_000);

  it('a configuration error fails the unit with exit 2, is not retried, and is logged at priority err', async () => {
    writeSettings({ AGG_PERIOD_S: '0' });
    try {
      await container.systemctl('start', UNIT);
      await until(async () => (await state()).ActiveState === 'failed', 20_000);
      expect(await state(), await journalOf()).toMatchObject({ ActiveState: 'failed', ExecMainStatus: '2', NRestarts: '0' });
      const errors = (await container.journal('-t', 'owm2mqtt-aggregate', '-p', 'err')).map((entry) => entry.MESSAGE ?? '');
      expect(errors.some((message) => message.includes('AGG_PERIOD_S="0"'))).toBe(true);
    } finally {
      writeSettings();
      await container.systemctl('reset-failed', UNIT);
    }
  }, 60_000);
});
