/**
 * A 429 with Retry-After on one location holds every other request of the same poll until then
 * (they share the key): fake timers drive `poll`'s clock, a scripted client records when each
 * location was asked.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Owm2MqttError } from '../../src/core/errors.js';
import { parseLocations, type Location } from '../../src/owm/locations.js';
import { createLogger } from '../../src/core/log.js';
import { poll, type PollOptions } from '../../src/bridge/poll.js';
import { referenceClock } from '../../src/owm/responses/observation-time.js';
import { parseWeather, type WeatherReport } from '../../src/owm/responses/weather.js';

const body: unknown = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../fixtures/owm/weather-clouds-all-optional-fields-metric.json', import.meta.url)), 'utf8'),
);
const parsed = parseWeather(body, 'metric');
if (!parsed.ok) throw new Error(parsed.problems.join('; '));
const REPORT: WeatherReport = parsed.report;

const RETRY_AFTER_MS = 5000;
const rateLimited = () =>
  new Owm2MqttError('OWM_RATE_LIMITED', 'OpenWeatherMap rate-limited the key (429)', { retryAfterMs: RETRY_AFTER_MS });
const serverError = () => new Owm2MqttError('OWM_SERVER_ERROR', 'OpenWeatherMap answered 500');

let t0: number;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  t0 = Date.now();
});
afterEach(() => vi.useRealTimers());

/** Each location's answers in order (an error to throw, or a success); records when each request was made, relative to t0. */
function scriptedClient(answers: Record<string, (Owm2MqttError | 'ok')[]>) {
  const asked: { level: string; atMs: number }[] = [];
  const client: PollOptions['client'] = {
    fetchWeather: async (location: Location) => {
      asked.push({ level: location.level, atMs: Date.now() - t0 });
      const answer = answers[location.level]!.shift() ?? 'ok';
      if (answer !== 'ok') throw answer;
      return { report: REPORT, clock: referenceClock(undefined, Date.now()) };
    },
    fetchAir: () => Promise.reject(new Error('not asked for')),
  };
  return { client, asked };
}

function locations(...names: string[]): Location[] {
  const result = parseLocations(names.join(';'));
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.locations;
}

async function run(options: Pick<PollOptions, 'client' | 'locations' | 'concurrency' | 'retries'> & { deadlineMs?: number }) {
  const polling = poll({
    ...options,
    mapping: { topicPrefix: 'p', units: 'metric', qos: 1, retain: true },
    retryDelayMs: 100,
    deadline: t0 + (options.deadlineMs ?? 60_000),
    log: createLogger({ level: 'error', write: () => undefined }),
  });
  await vi.runAllTimersAsync();
  return polling;
}

it('holds the locations after a rate-limited one until its Retry-After', async () => {
  const { client, asked } = scriptedClient({ a: [rateLimited()], b: ['ok'], c: ['ok'] });
  const outcomes = await run({ client, locations: locations('A,FR', 'B,FR', 'C,FR'), concurrency: 1, retries: 0 });
  expect(asked).toEqual([
    { level: 'a', atMs: 0 },
    { level: 'b', atMs: RETRY_AFTER_MS },
    { level: 'c', atMs: RETRY_AFTER_MS },
  ]);
  expect(outcomes.map((o) => o.ok)).toEqual([false, true, true]);
});

it('holds the retry of a location already in flight too, not only the ones not started', async () => {
  // A and B start together; A is rate-limited, B fails with a 500 whose own retry would come within 100 ms.
  const { client, asked } = scriptedClient({ a: [rateLimited(), 'ok'], b: [serverError(), 'ok'], c: ['ok'] });
  const outcomes = await run({ client, locations: locations('A,FR', 'B,FR', 'C,FR'), concurrency: 2, retries: 1 });
  expect(asked.slice(0, 2)).toEqual([
    { level: 'a', atMs: 0 },
    { level: 'b', atMs: 0 },
  ]);
  // Every later request of the poll, A's own retry and B's included, waits for the Retry-After.
  expect(
    asked
      .slice(2)
      .map((a) => a.level)
      .sort(),
  ).toEqual(['a', 'b', 'c']);
  for (const later of asked.slice(2)) expect(later.atMs, later.level).toBeGreaterThanOrEqual(RETRY_AFTER_MS);
  expect(outcomes.every((o) => o.ok)).toBe(true);
});

it("does not ask the other locations at all when the Retry-After reaches the poll's deadline: they fail as rate-limited, with the wait left", async () => {
  const { client, asked } = scriptedClient({ a: [rateLimited()], b: ['ok'] });
  const outcomes = await run({ client, locations: locations('A,FR', 'B,FR'), concurrency: 1, retries: 0, deadlineMs: RETRY_AFTER_MS });
  expect(asked).toEqual([{ level: 'a', atMs: 0 }]);
  const b = outcomes[1]!;
  expect(b.ok).toBe(false);
  if (!b.ok) {
    expect(b.error.code).toBe('OWM_RATE_LIMITED');
    expect(b.error.message).toContain('goes past this poll');
    // The daemon holds the location across polls by it.
    expect(b.error.retryAfterMs).toBe(RETRY_AFTER_MS);
  }
});

it('holds nothing after another failure: the next location is asked at once', async () => {
  const { client, asked } = scriptedClient({ a: [serverError()], b: ['ok'] });
  await run({ client, locations: locations('A,FR', 'B,FR'), concurrency: 1, retries: 0 });
  expect(asked).toEqual([
    { level: 'a', atMs: 0 },
    { level: 'b', atMs: 0 },
  ]);
});
