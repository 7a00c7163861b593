/**
 * A failure streak is said once, then "still failing after 4, 8, 16… polls" (a warning once per
 * power of two), debug otherwise; the first success says how many failed polls it ends.
 * The daemon runs in this process and polls when the test says, not on a clock.
 */
import { afterEach, expect, it } from 'vitest';
import { FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { startFakeOwm, type Reply } from '../helpers/fake-owm.js';
import { inProcessDaemon } from '../helpers/in-process-daemon.js';
import { startScriptedBroker } from '../mqtt/scripted-broker.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const FAILED_POLLS = 17;

/** What the n-th failed poll in a row says about the location. */
function expectedLine(n: number): RegExp {
  if (n === 1) return /^ERROR flaky: OpenWeatherMap .*500/;
  if (n === 4 || n === 8 || n === 16) return new RegExp(`^WARN +flaky: still failing after ${n} polls: OpenWeatherMap .*500`);
  return new RegExp(`^DEBUG flaky: failed again \\(${n} in a row, OWM_SERVER_ERROR\\)$`);
}

it('says a streak once, warns at 4, 8 and 16 failed polls, and says the recovery with its count', async () => {
  const failures: Reply[] = Array.from({ length: FAILED_POLLS }, () => ({ body: '{"cod":500,"message":"Internal error"}', status: 500 }));
  const owm = await startFakeOwm({
    apiKey: FAKE_KEY,
    scripts: { 'q=Flaky,FR': [...failures, { fixture: 'weather-clouds-all-optional-fields-metric.json' }] },
  });
  cleanups.push(() => owm.close());
  const broker = await startScriptedBroker({});
  cleanups.push(() => broker.close());
  const { daemon, lines, stop } = inProcessDaemon(owm.url, broker.url, uniquePrefix('streak'), {
    OWM_LOCATIONS: 'Flaky,FR',
    OWM_RETRIES: '0',
  });
  cleanups.push(stop);

  // What each poll said about the location, its error-count publish aside.
  const said = async () => {
    const from = lines.length;
    await daemon.runPoll();
    return lines.slice(from).filter((line) => line.includes('flaky: ') && !/flaky: (published|broker down)/.test(line));
  };
  // Its first poll starts here; the first runPoll() joins it.
  daemon.start();
  for (let n = 1; n <= FAILED_POLLS; n++) {
    const poll = await said();
    expect(poll, `failed poll ${n}: ${poll.join(' | ')}`).toHaveLength(1);
    expect(poll[0], `failed poll ${n}`).toMatch(expectedLine(n));
  }
  expect(await said()).toEqual([`INFO  flaky: recovered after ${FAILED_POLLS} failed poll(s)`]);
  expect(await said(), 'a success after a success').toEqual([]);
  expect(lines.filter((line) => /still failing/.test(line))).toHaveLength(3);
  expect(owm.requests).toHaveLength(FAILED_POLLS + 2);
});
