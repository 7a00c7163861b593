/**
 * The built daemon under a shifted wall clock (libfaketime), stalled (SIGSTOP) and hung up
 * (SIGHUP): it keeps polling, says each event in one line of its own format, and stops cleanly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { finished, spawnCli } from '../helpers/cli.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { faketimeAvailable, shiftedWallClock } from '../helpers/faketime.js';
import { Subscriber } from '../helpers/subscriber.js';
import { wallClockReaches } from '../helpers/waits.js';
import { until, useBrokerAndOwm } from '../helpers/world.js';

if (!faketimeAvailable() && process.env.CI === 'true')
  throw new Error('libfaketime is missing: .ci/run installs the faketime package so CI always runs these tests');

const world = useBrokerAndOwm();
const children: ReturnType<typeof spawnCli>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function daemon(location: string, more: Record<string, string>) {
  const prefix = uniquePrefix('clock');
  world.owm.script(`q=${location}`, [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }]);
  const child = spawnCli([], baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: location, OWM_RETRIES: '0', ...more }));
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, prefix, stderr: () => stderr, polls: () => world.owm.requests.filter((r) => r.selector === `q=${location}`).length };
}

/** ANSI colour codes, or node-cron's own lines. */
const FOREIGN = /\u001b\[|NODE-CRON/i;

describe.skipIf(!faketimeAvailable())('the daemon under a shifted wall clock', () => {
  it('keeps polling when the wall clock steps back an hour, and says so once', async () => {
    const clock = shiftedWallClock(0);
    const run = daemon('Lyon,FR', { SCHEDULE: '*/2 * * * * *', ...clock.env });
    await until(() => run.polls() >= 2);
    clock.set(-3600);
    const before = run.polls();
    // Three more polls on the new time, about 6 s of real time (before the fix: none for an hour).
    await until(() => run.polls() >= before + 3, 15_000);
    expect(run.stderr().match(/the wall clock went back by 1 h 0 min/g)).toHaveLength(1);
    expect(run.stderr()).not.toMatch(FOREIGN);
  });

  it('a Pi booted on an old time: the sync steps the clock two days forward, one poll and one line, then the usual polls', async () => {
    const clock = shiftedWallClock(-2 * 86_400);
    const run = daemon('Dijon,FR', { SCHEDULE: '*/2 * * * * *', ...clock.env });
    await until(() => run.polls() >= 2);
    clock.set(0);
    await until(() => run.stderr().includes('jumped forward'));
    const before = run.polls();
    await until(() => run.polls() >= before + 2, 15_000);
    expect(
      run
        .stderr()
        .match(
          /the wall clock jumped forward by 2 d 0 h \(time sync, or the system was suspended\), past the poll due at \S+: polling now, once; next poll \S+/g,
        ),
    ).toHaveLength(1);
    expect(run.stderr()).not.toMatch(FOREIGN);
  });

  it('polls every 2 s through the autumn DST change in Europe/Paris', async () => {
    // 02:59:57 CEST on 2026-10-25; three seconds later the clock reads 02:00:00 CET.
    const change = Date.parse('2026-10-25T01:00:00Z');
    const offsetMs = change - 3000 - Date.now();
    const clock = shiftedWallClock(offsetMs / 1000);
    const run = daemon('Nantes,FR', { SCHEDULE: '*/2 * * * * *', TZ: 'Europe/Paris', ...clock.env });
    // Polls on the daemon's clock after the change (before the fix: none for an hour).
    const after = () => world.owm.requests.filter((r) => r.selector === 'q=Nantes,FR' && r.at + offsetMs >= change).length;
    await until(() => after() >= 3, 15_000);
    expect(run.stderr()).not.toMatch(FOREIGN);
    expect(run.stderr()).not.toContain('wall clock');
  });

  it('announces the next poll right at the start-up during the repeated hour', async () => {
    // 02:55 CEST: the next */10 poll is 02:00 CET, five minutes on (before the fix: 03:00 CET).
    const clock = shiftedWallClock((Date.parse('2026-10-25T00:55:00Z') - Date.now()) / 1000);
    const run = daemon('Brest,FR', { SCHEDULE: '*/10 * * * *', TZ: 'Europe/Paris', ...clock.env });
    const exit = finished(run.child, 20_000);
    await until(() => run.stderr().includes('owm2mqtt started'));
    run.child.kill('SIGTERM');
    await exit;
    expect(run.stderr()).toContain('schedule "*/10 * * * *" in Europe/Paris, next scheduled poll 2026-10-25T01:00:00Z');
  });
});

describe('the daemon, stalled and hung up', () => {
  it('a stalled process polls once on waking, with one line in its own format', async () => {
    const run = daemon('Metz,FR', { SCHEDULE: '*/3 * * * * *' });
    await until(() => run.polls() >= 2);
    // Stopped until two poll times have passed, the first of them 5 s (LATE_MS) or more before it wakes.
    run.child.kill('SIGSTOP');
    const firstMissed = Math.ceil((Date.now() + 1) / 3000) * 3000;
    await wallClockReaches(firstMissed + 5000);
    const woke = Date.now();
    run.child.kill('SIGCONT');
    await until(() => /runs \d+ s late/.test(run.stderr()));
    const line =
      /the poll due at \S+ runs \d+ s late \(the process was held up: an overloaded system, a stopped process or a paused VM\): polling now, once; next poll (\S+)/.exec(
        run.stderr(),
      );
    expect(line, run.stderr()).not.toBeNull();
    const next = Date.parse(line![1]!);
    // The poll on waking: before the next scheduled time.
    await until(() => world.owm.requests.some((r) => r.selector === 'q=Metz,FR' && r.at >= woke));
    expect(world.owm.requests.filter((r) => r.selector === 'q=Metz,FR' && r.at >= woke && r.at < next)).toHaveLength(1);
    expect(run.stderr().match(/ late /g)).toHaveLength(1);
    expect(run.stderr()).not.toMatch(FOREIGN);
  });

  it('on SIGHUP publishes offline, says so, and exits 129 (systemd restarts it)', async () => {
    const run = daemon('Caen,FR', { SCHEDULE: '0 0 1 1 *' });
    const exit = finished(run.child, 20_000);
    await until(() => run.polls() >= 1 && run.stderr().includes('published'));
    run.child.kill('SIGHUP');
    const result = await exit;
    expect(result.code).toBe(129);
    expect(run.stderr()).toContain(
      'SIGHUP received: finishing the current poll, then stopping with exit code 129 (under systemd: restarted, settings read again)',
    );
    const status = await Subscriber.connect(world.broker.url, `${run.prefix}/bridge/status`);
    try {
      await status.waitFor((messages) => messages.length > 0);
      expect(status.messages[0]).toMatchObject({ payload: 'offline', retain: true, qos: 1 });
    } finally {
      await status.close();
    }
  });
});

describe('the daemon in a time zone without a name', () => {
  /** Starts, polls and stops cleanly under `TZ`; returns its log. */
  async function startsAndPolls(location: string, tz: string, schedule = '0 5 * * *'): Promise<string> {
    const run = daemon(location, { SCHEDULE: schedule, TZ: tz });
    const exit = finished(run.child, 20_000);
    await until(() => run.stderr().includes('published') || run.child.exitCode !== null);
    run.child.kill('SIGTERM');
    const result = await exit;
    expect(result.code, run.stderr()).toBe(0);
    expect(run.stderr()).not.toContain('unexpected failure');
    return run.stderr();
  }
  /** The next hh:00:00Z after now. */
  const nextUtcHour = (hour: number) => {
    const at = new Date();
    at.setUTCHours(hour, 0, 0, 0);
    if (at.getTime() <= Date.now()) at.setUTCDate(at.getUTCDate() + 1);
    return at.toISOString().replace('.000Z', 'Z');
  };

  it('TZ= (an empty TZ= line in the env file, or docker-compose TZ=${TZ} unset): runs on UTC, as the system does (before: crashed at start)', async () => {
    const log = await startsAndPolls('Rouen,FR', '');
    expect(log).toContain(`schedule "0 5 * * *" in the system's time zone, next scheduled poll ${nextUtcHour(5)}`);
  });

  it("TZ=:/etc/localtime: the start line names no zone rather than 'undefined'", async () => {
    const log = await startsAndPolls('Reims,FR', ':/etc/localtime');
    expect(log).toMatch(/schedule "0 5 \* \* \*" in (the system's time zone|[\w/+-]+), next scheduled poll \S+Z/);
    expect(log).not.toContain('in undefined');
  });

  it('a POSIX TZ (XYZ-3, no zone name): SCHEDULE follows its offset', async () => {
    const log = await startsAndPolls('Nancy,FR', 'XYZ-3');
    expect(log).toContain(`schedule "0 5 * * *" in the system's time zone, next scheduled poll ${nextUtcHour(2)}`);
  });
});
