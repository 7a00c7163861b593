/**
 * Soak: the real Daemon in this process, driven by a manual schedule for
 * hundreds of back-to-back polls against Mosquitto and the fake OWM, with
 * faults on a rotation and broker restarts. Checks that memory, listeners and
 * kept state stay flat, and that the broker ends with the latest values.
 */
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { Daemon, type Schedule } from '../../src/bridge/daemon.js';
import { createLogger } from '../../src/core/log.js';
import { startBroker } from '../helpers/broker.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { fixture, startFakeOwm, type Reply } from '../helpers/fake-owm.js';
import { retainedSnapshot } from '../helpers/subscriber.js';
import { until } from '../helpers/world.js';

const POLLS = 500;
/**
 * Heap is compared from here on (250 polls before the end, so a leak of 4 KiB a poll fails the
 * test): V8 goes on warming its code and caches for the first couple of hundred polls and the
 * first broker restart (measured, GC every 50 polls: +1.2 MiB by poll 100, about +2 KiB a poll up
 * to poll 400, none after), and in a loaded CI run a baseline at poll 100 once gave +1.3 MiB.
 */
const WARM_UP = 250;
const GOOD: Reply = { fixture: 'weather-clouds-all-optional-fields-metric.json' };
const OTHER: Reply = { fixture: 'weather-snow-1h-negative-accented-name-no-visibility-no-sys-type-metric.json' };
// One in four replies is a fault; the rest alternate between two observations.
const ROTATION: Reply[] = [
  GOOD,
  { body: 'down', status: 503 },
  OTHER,
  { drop: true },
  GOOD,
  { body: '{"cod":200,"dt":1,"main":{"temp":"hot"}}' },
  OTHER,
  { fixture: 'error-429-rate-limited.json', status: 429 },
];
/** Observations move forward, as OWM's do: an older one would not be published over a newer one. */
const START_DT = 1_785_573_885;
const observed = (reply: Reply, poll: number): Reply =>
  'fixture' in reply ? { body: fixture(reply.fixture).replace(/"dt":\s*\d+/, `"dt":${START_DT + poll * 60}`) } : reply;

const manualSchedule: Schedule = {
  start: () => undefined,
  stop: () => undefined,
  nextRun: () => Date.now() + 5000,
  intervalMs: () => 60_000,
};

function heapAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

it(`stays flat over ${POLLS} polls of 5 locations with faults and broker restarts`, async () => {
  const broker = await startBroker();
  const locations = ['Lisbon,PT', 'Berlin,DE', 'Paris,FR', 'Oslo,NO', 'Rome,IT'];
  const owm = await startFakeOwm({ apiKey: FAKE_KEY, logRequests: false });
  const prefix = uniquePrefix('soak');
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const env = baseEnv(owm.url, broker.url, prefix, {
    OWM_LOCATIONS: locations.join(';'),
    OWM_RETRIES: '0',
    OWM_TIMEOUT_MS: '2000',
    MQTT_RECONNECT_MIN_MS: '100',
    MQTT_RECONNECT_MAX_MS: '400',
  });
  const result = loadConfig(env, 'daemon');
  if (!result.ok) throw new Error(result.problems.join('; '));
  // Counted, not kept: the test's own memory must not grow with the polls it measures.
  let errorLines = 0;
  const log = createLogger({ level: 'info', write: (line) => (errorLines += line.startsWith('ERROR') ? 1 : 0) });
  const daemon = new Daemon({ config: result.config, log, userAgent: 'soak', schedule: manualSchedule });
  let faults = 0;
  try {
    for (const location of locations) owm.script(`q=${location}`, [GOOD]);
    daemon.start();
    await daemon.runPoll();
    await until(async () => (await retainedSnapshot(broker.url, `${prefix}/#`)).size > 0);
    let early = 0;
    let listenersEarly = 0;
    for (let poll = 0; poll < POLLS; poll++) {
      locations.forEach((location, i) => {
        const reply = ROTATION[(poll + i) % ROTATION.length]!;
        if (reply !== GOOD && reply !== OTHER) faults++;
        owm.script(`q=${location}`, [reply === GOOD || reply === OTHER ? observed(reply, poll) : reply]);
      });
      if (poll === 150 || poll === 300) {
        await broker.stop();
        await broker.start();
      }
      await daemon.runPoll();
      if (poll === WARM_UP) {
        early = heapAfterGc();
        listenersEarly = daemon.stats().listeners;
      }
    }
    // The last poll's replies: everyone answers, so the broker must end with these values.
    for (const location of locations) owm.script(`q=${location}`, [observed(GOOD, POLLS)]);
    await daemon.runPoll();
    const late = heapAfterGc();
    const stats = daemon.stats();

    await until(async () => {
      const retained = await retainedSnapshot(broker.url, `${prefix}/#`);
      return locations.every(
        (_, i) => retained.get(`${prefix}/${['lisbon', 'berlin', 'paris', 'oslo', 'rome'][i]}/temperature`)?.payload === '22.55',
      );
    });
    const growthKiB = Math.round((late - early) / 1024);
    console.log(
      `soak: ${POLLS} polls x ${locations.length} locations, ${faults} faults, 2 broker restarts; heap after poll ${WARM_UP}: ${(early / 1048576).toFixed(1)} MiB, after the last: ${(late / 1048576).toFixed(1)} MiB (${growthKiB} KiB); kept topics ${stats.keptTopics}; listeners ${listenersEarly} -> ${stats.listeners}; rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`,
    );

    expect(faults).toBeGreaterThan(POLLS);
    expect(growthKiB).toBeLessThan(1024);
    expect(stats.listeners).toBe(listenersEarly);
    // Every location's topics (25 quantities + last_success + errors + state): no more.
    expect(stats.keptTopics).toBe(locations.length * 28);
    expect(unhandled).toEqual([]);
    // Each failure here follows a success, so each is news: one line per fault, never more.
    expect(errorLines).toBeGreaterThan(0);
    expect(errorLines).toBeLessThanOrEqual(faults);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await daemon.stop();
    await owm.close();
    await broker.stop();
  }
}, 120_000);
