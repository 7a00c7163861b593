/**
 * The forecast's case folders (fixtures/forecast-cases/): a recorded body, a fixed "now", the
 * horizons asked; expected.messages written by an oracle of its own (oracle.py, Python, from the
 * rules in docs/topics.md), never by this program.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapForecast } from '../../src/bridge/forecast-mapping.js';
import type { Units } from '../../src/core/units.js';
import { parseLocations } from '../../src/owm/locations.js';
import { parseForecast } from '../../src/owm/responses/forecast.js';
import { readExpectedMessages } from '../helpers/cases.js';

const CASES = fileURLToPath(new URL('../../fixtures/forecast-cases/', import.meta.url));
const OWM = fileURLToPath(new URL('../../fixtures/owm/', import.meta.url));
const names = readdirSync(CASES).filter((name) => statSync(join(CASES, name)).isDirectory());

interface ForecastCase {
  location: string;
  level: string;
  units: Units;
  response: string;
  prefix: string;
  qos: 0 | 1 | 2;
  retain: boolean;
  now: string;
  hours: number[];
}

describe('fixtures/forecast-cases', () => {
  it('has a case for each situation the issue names', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'manila-local-day-not-utc',
        'curacautin-snow-rain-no-visibility',
        'chiado-cnt-trimmed',
        'lisbon-tie-goes-to-earlier',
        'london-kelvin-first-step-ahead',
      ]),
    );
  });

  describe.each(names)('%s', (name) => {
    const c = JSON.parse(readFileSync(join(CASES, name, 'case.json'), 'utf8')) as ForecastCase;
    const nowMs = Date.parse(c.now);
    const body: unknown = JSON.parse(readFileSync(join(OWM, c.response), 'utf8'));
    // Parsed and mapped inside each test, never at collection: mutation testing switches mutants per test.
    const run = () => {
      const parsedLocations = parseLocations(c.location);
      if (!parsedLocations.ok) throw new Error(parsedLocations.problems.join('; '));
      const location = parsedLocations.locations[0]!;
      const parsed = parseForecast(body, c.units, { ms: nowMs, source: 'local' });
      if (!parsed.ok) throw new Error(`${c.response}: ${parsed.problems.join('; ')}`);
      const settings = { topicPrefix: c.prefix, units: c.units, qos: c.qos, retain: c.retain };
      return { location, messages: mapForecast(location, parsed.forecast, nowMs, c.hours, settings) };
    };

    it('publishes each horizon and day as the oracle computed, in order, with the configured delivery', () => {
      const { location, messages } = run();
      expect(location.level).toBe(c.level);
      const document = messages.at(-1)!;
      const quantities = messages.slice(0, -1);
      expect(quantities.map(({ topic, payload }) => ({ topic, payload }))).toEqual(
        readExpectedMessages(join(CASES, name, 'expected.messages')),
      );
      for (const m of messages) expect([m.retain, m.qos]).toEqual([c.retain, c.qos]);
      expect(document.topic).toBe(`${c.prefix}/${c.level}/forecast`);
      expect(document.json).toBe(true);
    });

    it('lists in P/L/forecast every step still ahead, with ISO 8601 UTC times from dt', () => {
      const { messages } = run();
      const document = JSON.parse(messages.at(-1)!.payload) as { units: string; steps: { time: string; pop: number | null }[] };
      const raw = (body as { list: { dt: number; pop?: number }[] }).list;
      const ahead = raw.filter((step) => step.dt * 1000 >= nowMs).sort((a, b) => a.dt - b.dt);
      expect(document.units).toBe(c.units);
      expect(document.steps.map((s) => s.time)).toEqual(ahead.map((s) => new Date(s.dt * 1000).toISOString().replace('.000Z', 'Z')));
      expect(document.steps.map((s) => s.pop)).toEqual(ahead.map((s) => (s.pop === undefined ? null : Math.round(s.pop * 100))));
      const whole = JSON.parse(messages.at(-1)!.payload) as { fetched_at: string; utc_offset_seconds: number; steps: object[] };
      expect(whole.fetched_at).toBe(c.now);
      expect(whole.utc_offset_seconds).toBe((body as { city: { timezone: number } }).city.timezone);
      expect(Object.keys(whole.steps[0]!)).toEqual([
        'temperature',
        'feels_like',
        'humidity',
        'pressure',
        'wind_speed',
        'wind_gust',
        'wind_direction',
        'clouds',
        'pop',
        'precipitation',
        'condition',
        'icon',
        'time',
      ]);
    });
  });
});
