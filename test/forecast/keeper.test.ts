import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ForecastKeeper } from '../../src/bridge/forecast-keeper.js';
import { parseLocations } from '../../src/owm/locations.js';
import { type Forecast, parseForecast } from '../../src/owm/responses/forecast.js';

const NOW = Date.parse('2026-08-01T09:02:25Z');
const body: unknown = JSON.parse(
  readFileSync(new URL('../../fixtures/owm/forecast-lisbon-metric-lang-en-dew-point-no-precipitation.json', import.meta.url), 'utf8'),
);
const parsed = parseForecast(body, 'metric', { ms: NOW, source: 'server' });
if (!parsed.ok) throw new Error(parsed.problems.join('; '));
const forecast: Forecast = parsed.forecast;
const locations = parseLocations('geo:38.7223,-9.1393=lisbon');
if (!locations.ok) throw new Error('no location');
const lisbon = locations.locations[0]!;
const mapping = { topicPrefix: 'exterieur', units: 'metric' as const, qos: 1 as const, retain: true };
const HOUR = 3_600_000;

function keeper(more: Partial<ConstructorParameters<typeof ForecastKeeper>[0]> = {}) {
  return new ForecastKeeper({ enabled: true, intervalMs: HOUR, hours: [3], publishUnchanged: false, ...more });
}

describe('ForecastKeeper', () => {
  it('is due when never fetched, then again only once the interval has passed', () => {
    const k = keeper();
    expect(k.due('lisbon', NOW)).toBe(true);
    k.keep('lisbon', forecast, NOW);
    expect(k.due('lisbon', NOW + HOUR - 1)).toBe(false);
    expect(k.due('lisbon', NOW + HOUR)).toBe(true);
    expect(k.due('porto', NOW)).toBe(true);
    expect(keeper({ enabled: false }).due('lisbon', NOW)).toBe(false);
  });

  it('publishes nothing before a forecast is kept; then everything; then only what moved', () => {
    const k = keeper();
    expect(k.changes(lisbon, NOW, mapping)).toEqual([]);
    k.keep('lisbon', forecast, NOW);
    const first = k.changes(lisbon, NOW, mapping);
    // 13 horizon quantities, 5 for each day, the JSON.
    expect(first).toHaveLength(13 + 5 + 5 + 1);
    // Not yet marked as published: the same again.
    expect(k.changes(lisbon, NOW, mapping)).toHaveLength(first.length);
    k.markPublished(first);
    expect(k.changes(lisbon, NOW, mapping)).toEqual([]);
    // Three hours on, the 3 h horizon is one step later: its time moved, and the JSON lost a step.
    const later = k.changes(lisbon, NOW + 3 * HOUR, mapping).map((m) => m.topic);
    expect(later).toContain('exterieur/lisbon/forecast/3h/time');
    expect(later).toContain('exterieur/lisbon/forecast');
    expect(later.length).toBeLessThan(first.length);
  });

  it('with PUBLISH_UNCHANGED, every topic at every poll', () => {
    const k = keeper({ publishUnchanged: true });
    k.keep('lisbon', forecast, NOW);
    const all = k.changes(lisbon, NOW, mapping);
    k.markPublished(all);
    expect(k.changes(lisbon, NOW, mapping)).toHaveLength(all.length);
  });
});
