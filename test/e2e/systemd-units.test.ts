/**
 * The units of deploy/ under a real systemd (issue 16), as a new user would run them: a Debian
 * Bookworm root made with debootstrap (systemd 252), this machine's `node` and the packed
 * tarball installed with `npm install -g --prefix`, the units copied in, booted with
 * systemd-nspawn, driven with `systemctl` through nsenter, against the test's own Mosquitto
 * and OpenWeatherMap stand-in on the shared loopback.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debianRoot, debianRootUnavailable } from '../helpers/debian-root.js';
import { FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { type Bind, bootContainer, type Container, nspawnUnavailable } from '../helpers/nspawn.js';
import { publish, retainedSnapshot } from '../helpers/subscriber.js';
import { until, useBrokerAndOwm } from '../helpers/world.js';

const PROJECT = fileURLToPath(new URL('../../', import.meta.url));
const UNITS = readdirSync(join(PROJECT, 'deploy')).filter((name) => /\.(service|timer)$/.test(name));
const unavailable = debianRootUnavailable() ?? nspawnUnavailable();

const world = useBrokerAndOwm({ 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }] });

describe.skipIf(unavailable !== undefined && process.env.CI !== 'true')('the units of deploy/ under systemd', () => {
  let work = '';
  let container: Container;
  const prefix = uniquePrefix('systemd');
  const settings = () => join(work, 'etc-owm2mqtt', 'owm2mqtt.env');
  const writeSettings = (more: Record<string, string> = {}) =>
    writeFileSync(
      settings(),
      Object.entries({
        MQTT_URL: world.broker.url,
        OWM_BASE_URL: world.owm.url,
        OWM_LOCATIONS: 'Lisbon,PT',
        // The stand-in answers the weather by query; geocoding has its own tests.
        OWM_GEOCODING: 'false',
        TOPIC_PREFIX: prefix,
        OWM_RETRY_DELAY_MS: '50',
        ...more,
      })
        .map(([name, value]) => `${name}=${value}\n`)
        .join(''),
    );

  beforeAll(async () => {
    if (unavailable) throw new Error(unavailable);
    const root = await debianRoot('bookworm-systemd', 'bookworm', ['systemd', 'systemd-sysv', 'dbus', 'libstdc++6', 'ca-certificates']);
    work = mkdtempSync(join(tmpdir(), 'owm2mqtt-systemd-'));
    // /usr/local as `npm install -g` leaves it, with this machine's node beside the program.
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
    // --ignore-scripts: the optional better-sqlite3 is the dashboard's, and no unit here runs it.
    execFileSync(
      'npm',
      ['install', '-g', '--prefix', usrLocal, join(work, packed!.filename), '--ignore-scripts', '--no-audit', '--no-fund'],
      {
        stdio: 'ignore',
      },
    );
    // /etc/owm2mqtt as docs/deployment.md has the user make it: settings, and the key readable by root only.
    mkdirSync(join(work, 'etc-owm2mqtt'));
    writeSettings();
    writeFileSync(join(work, 'etc-owm2mqtt', 'owm-api-key'), FAKE_KEY);
    chmodSync(join(work, 'etc-owm2mqtt', 'owm-api-key'), 0o600);
    const binds: Bind[] = [
      { host: usrLocal, inside: '/usr/local' },
      { host: join(work, 'etc-owm2mqtt'), inside: '/etc/owm2mqtt' },
      ...UNITS.map((unit) => ({ host: join(PROJECT, 'deploy', unit), inside: `/etc/systemd/system/${unit}` })),
    ];
    container = await bootContainer(root, binds);
  }, 900_000);

  afterAll(async () => {
    await container?.poweroff();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  const retained = () => retainedSnapshot(world.broker.url, `${prefix}/#`);
  const state = (unit: string) => container.show(unit, 'ActiveState', 'SubState', 'Result', 'NRestarts', 'ExecMainStatus', 'MainPID');
  const messagesOf = async (...filters: string[]) => (await container.journal(...filters)).map((entry) => entry.MESSAGE ?? '');
  /** The unit's journal since the boot, as text, for a failure's message. */
  const journalOf = async (unit: string) => `\n${(await messagesOf('-b', '-u', unit)).join('\n')}`;
  /** Puts a known last_success on the broker, so a run that publishes is told from one that does not. */
  const retainedMark = (marker: string) => publish(world.broker.url, `${prefix}/lisbon/last_success`, marker, { retain: true });

  it('every unit of deploy/ is known to systemd, with no warning from its loader', async () => {
    expect(UNITS.sort()).toEqual([
      'owm2mqtt-aggregate.service',
      'owm2mqtt-all.service',
      'owm2mqtt-dashboard.service',
      'owm2mqtt-once.service',
      'owm2mqtt.service',
      'owm2mqtt.timer',
    ]);
    for (const unit of UNITS) expect((await container.show(unit, 'LoadState')).LoadState, unit).toBe('loaded');
    const warnings = (await messagesOf('-b', '-u', 'init.scope', '-p', 'warning')).filter((message) => message.includes('owm2mqtt'));
    expect(warnings).toEqual([]);
  });

  describe('owm2mqtt.service (the daemon)', () => {
    it('starts under DynamicUser with its key from LoadCredential, stays active and publishes', async () => {
      const start = await container.systemctl('start', 'owm2mqtt.service');
      expect(start.status, start.stderr).toBe(0);
      await until(async () => (await retained()).get(`${prefix}/lisbon/temperature`)?.payload === '22.55', 30_000);
      expect((await retained()).get(`${prefix}/bridge/status`)?.payload).toBe('online');
      const now = await state('owm2mqtt.service');
      expect(now).toMatchObject({ ActiveState: 'active', SubState: 'running', NRestarts: '0' });
      // A user of its own, made for the service (DynamicUser=yes), not root.
      const uid = (await container.exec(['stat', '-c', '%u', `/proc/${now.MainPID}`])).stdout.trim();
      expect(Number(uid)).toBeGreaterThan(0);
    }, 60_000);

    it('its journal lines carry the identifier owm2mqtt, not env, with their priorities', async () => {
      const published = async () =>
        (await container.journal('-t', 'owm2mqtt')).find((entry) => /published \d+ messages/.test(entry.MESSAGE ?? ''));
      await until(async () => (await published()) !== undefined, 20_000);
      expect(await container.journal('-t', 'env')).toEqual([]);
      const line = (await published())!;
      expect(line.PRIORITY).toBe('6');
      // The level went to the priority: the message does not start with `INFO`, nor with `<6>`.
      expect(line.MESSAGE).not.toMatch(/^(INFO|<6>)/);
      expect(line._SYSTEMD_UNIT).toBe('owm2mqtt.service');
    }, 30_000);

    it('saves its code cache in the CacheDirectory= the docs name (/var/cache/owm2mqtt)', async () => {
      await until(async () => (await container.exec(['ls', '/var/cache/owm2mqtt/'])).stdout.trim() !== '', 20_000);
      // With DynamicUser=, systemd keeps it under /var/cache/private and links it.
      expect((await container.exec(['readlink', '/var/cache/owm2mqtt'])).stdout.trim()).toBe('private/owm2mqtt');
    }, 30_000);

    it('`systemctl kill -s HUP` leaves it restarted: exit 129 counted as a failure, started again with its settings read again', async () => {
      const before = (await state('owm2mqtt.service')).MainPID;
      expect((await container.systemctl('kill', '-s', 'HUP', 'owm2mqtt.service')).status).toBe(0);
      // RestartSec=30s: it comes back within about 30 s, as a new process.
      await until(async () => {
        const now = await state('owm2mqtt.service');
        return now.ActiveState === 'active' && now.NRestarts === '1' && now.MainPID !== before && now.MainPID !== '0';
      }, 60_000);
      expect((await messagesOf('-t', 'owm2mqtt')).find((message) => message.includes('SIGHUP received'))).toContain('exit code 129');
    }, 90_000);

    it('`systemctl stop` leaves its status offline, retained', async () => {
      expect((await container.systemctl('stop', 'owm2mqtt.service')).status).toBe(0);
      expect(await state('owm2mqtt.service')).toMatchObject({ ActiveState: 'inactive', Result: 'success' });
      expect((await retained()).get(`${prefix}/bridge/status`)?.payload).toBe('offline');
    }, 60_000);
  });

  describe('owm2mqtt-once.service and owm2mqtt.timer', () => {
    it('the timer is armed for its next run', async () => {
      expect((await container.systemctl('start', 'owm2mqtt.timer')).status).toBe(0);
      expect((await container.show('owm2mqtt.timer', 'ActiveState')).ActiveState).toBe('active');
      expect((await container.systemctl('list-timers', '--all', 'owm2mqtt.timer')).stdout).toContain('owm2mqtt-once.service');
    });

    it('the one-shot run succeeds and publishes', async () => {
      const marker = '2026-01-01T00:00:00Z';
      await retainedMark(marker);
      const run = await container.systemctl('start', 'owm2mqtt-once.service');
      expect(run.status, `${run.stderr}${await journalOf('owm2mqtt-once.service')}`).toBe(0);
      expect(await state('owm2mqtt-once.service')).toMatchObject({ Result: 'success', ExecMainStatus: '0' });
      const messages = await retained();
      expect(messages.get(`${prefix}/lisbon/last_success`)?.payload).not.toBe(marker);
      expect(messages.get(`${prefix}/bridge/status`)?.payload).toBe('online');
    }, 60_000);

    it('a configuration error fails the unit with exit 2, is not retried, and is logged at priority err', async () => {
      writeSettings({ OWM_UNITS: 'kelvin' });
      try {
        const run = await container.systemctl('start', 'owm2mqtt-once.service');
        expect(run.status, await journalOf('owm2mqtt-once.service')).not.toBe(0);
        // RestartPreventExitStatus=2: failed at once, not waiting for a restart.
        expect(await state('owm2mqtt-once.service'), await journalOf('owm2mqtt-once.service')).toMatchObject({
          ActiveState: 'failed',
          SubState: 'failed',
          ExecMainStatus: '2',
          NRestarts: '0',
        });
        expect((await messagesOf('-t', 'owm2mqtt', '-p', 'err')).some((message) => message.includes('OWM_UNITS'))).toBe(true);
      } finally {
        writeSettings();
        await container.systemctl('reset-failed', 'owm2mqtt-once.service');
      }
    }, 60_000);
  });
});
