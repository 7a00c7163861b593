/**
 * A 429 with Retry-After holds the daemon's other locations until then: within the poll that got
 * it, into the next poll, and no longer. The real Daemon on this process's clock made fake (it
 * moves only when the test says), a real HTTP OpenWeatherMap stand-in whose request log says
 * when each location was asked, and a real Mosquitto (its sockets, like the HTTP ones, run on
 * real time; mqtt.js's keepalive runs on setInterval, which stays real).
 */
import { setTimeout as realTimeout } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startBroker, type TestBroker } from '../helpers/broker.js';
import { FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { fakeProcessClock } from '../helpers/fake-clock.js';
import { startFakeOwm, type FakeOwm, type Reply } from '../helpers/fake-owm.js';
import { inProcessDaemon } from '../helpers/in-process-daemon.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startBroker();
});
afterAll(() => broker.stop());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const OK: Reply = { fixture: 'weather-clouds-all-optional-fields-metric.json' };
const rateLimited = (seconds: number): Reply => ({
  fixture: 'error-429-rate-limited.json',
  status: 429,
  headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(seconds) },
});

/**
 * Three locations asked one at a time; the manual schedule's next tick is always 60 s away, so a
 * poll started at t may run until t + 59 s, and a location held until before t + 49 s
 * (that minus OWM_TIMEOUT_MS) waits for it within the poll.
 */
async function world(first: Reply[]) {
  const owm: FakeOwm = await startFakeOwm({
    apiKey: FAKE_KEY,
    scripts: { 'q=Alpha,FR': [...first, OK], 'q=Beta,FR': [OK], 'q=Gamma,FR': [OK] },
  });
  cleanups.push(() => owm.close());
  const clock = fakeProcessClock();
  const daemon = inProcessDaemon(owm.url, broker.url, uniquePrefix('hold'), {
    OWM_LOCATIONS: 'Alpha,FR;Beta,FR;Gamma,FR',
    OWM_CONCURRENCY: '1',
    OWM_RETRIES: '0',
    OWM_RETRY_DELAY_MS: '1000',
    OWM_TIMEOUT_MS: '10000',
    MQTT_TIMEOUT_MS: '1000',
  });
  cleanups.push(daemon.stop);
  // First of all, back to real time: the stop's grace period runs on it.
  cleanups.push(clock.uninstall);
  /** Which location was asked when, in ms since the clock was installed. */
  const asked = () => owm.requests.map((request) => `${request.selector.slice(2, -3)}@${request.at - clock.start}`);
  /** A tick of the schedule at `ms`, and that poll to its end, the clock moved to `heldUntil` first when it waits for a hold. */
  const pollAt = async (ms: number, heldUntil?: number) => {
    await clock.advanceTo(ms);
    daemon.schedule.tick();
    if (heldUntil !== undefined) {
      await clock.advanceTo(heldUntil - 1);
      expect(
        owm.requests.filter((request) => request.at - clock.start >= ms),
        `asked during the hold`,
      ).toEqual([]);
      await clock.advanceTo(heldUntil);
    }
    await daemon.daemon.runPoll();
  };
  /**
   * The poll in flight ends with no time passing on the fake clock. One that waits for a timer
   * instead (a hold where none is due) would wait for ever: it fails here, saying what was asked.
   */
  const endsAtOnce = async () => {
    const stuck = realTimeout(5000, 'waiting for the clock', { ref: false });
    const outcome = await Promise.race([daemon.daemon.runPoll().then(() => 'ended'), stuck]);
    expect(outcome, `the poll is still waiting; asked so far: ${asked().join(', ')}`).toBe('ended');
  };
  return { ...daemon, clock, asked, pollAt, endsAtOnce };
}

it('holds the poll’s other locations until the Retry-After, then asks them at once, and the next poll as usual', async () => {
  const { daemon, nextLine, clock, asked, pollAt } = await world([rateLimited(5)]);
  const alphaFailed = nextLine(/alpha: (published|broker down, kept for later:) error count 1/);
  daemon.start();
  await alphaFailed;
  // Beta waits for the Retry-After: nothing else is asked meanwhile.
  await clock.advanceTo(4999);
  expect(asked()).toEqual(['Alpha@0']);
  await clock.advanceTo(5000);
  await daemon.runPoll();
  expect(asked()).toEqual(['Alpha@0', 'Beta@5000', 'Gamma@5000']);

  await pollAt(60_000);
  expect(asked().slice(3)).toEqual(['Alpha@60000', 'Beta@60000', 'Gamma@60000']);
});

it('carries a Retry-After past the poll into the next one, which waits for it, and resumes after', async () => {
  const { daemon, lines, asked, pollAt, endsAtOnce } = await world([rateLimited(90)]);
  daemon.start();
  await endsAtOnce();
  // 90 s is past this poll: the others are not asked, and fail as rate-limited.
  expect(asked()).toEqual(['Alpha@0']);
  expect(lines.filter((line) => /^ERROR (beta|gamma): .*goes past this poll/.test(line))).toHaveLength(2);

  // The next poll, at 60 s, asks nobody before 90 s; then everyone, at once.
  await pollAt(60_000, 90_000);
  expect(asked()).toEqual(['Alpha@0', 'Alpha@90000', 'Beta@90000', 'Gamma@90000']);

  // Held no longer: the poll after that asks at its own start.
  await pollAt(120_000);
  expect(asked().slice(4)).toEqual(['Alpha@120000', 'Beta@120000', 'Gamma@120000']);
});

it('skips a poll that ends before the Retry-After, asks nobody in it, and asks everyone in the first poll that reaches it', async () => {
  const { daemon, asked, pollAt, endsAtOnce } = await world([rateLimited(150)]);
  daemon.start();
  await endsAtOnce();
  expect(asked()).toEqual(['Alpha@0']);

  // Held until 150 s: the poll at 60 s (it may run until 119 s) asks nobody.
  await pollAt(60_000);
  expect(asked()).toEqual(['Alpha@0']);
  // The poll at 120 s waits until 150 s, no longer.
  await pollAt(120_000, 150_000);
  expect(asked()).toEqual(['Alpha@0', 'Alpha@150000', 'Beta@150000', 'Gamma@150000']);
  await pollAt(180_000);
  expect(asked().slice(4)).toEqual(['Alpha@180000', 'Beta@180000', 'Gamma@180000']);
});
