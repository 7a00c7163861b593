/**
 * The dashboard's reading of `P/L/forecast`: what the bridge writes is read back, anything else
 * from the broker is refused whole; the per-horizon topics are neither recorded nor shown; the
 * page's overlay keeps the forecast apart from the history and only after now.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapForecast } from '../../../src/bridge/forecast-mapping.js';
import { classifyMessage, maxPayloadBytes } from '../../../src/dashboard/server/classify.js';
import { isForecastQuantityTopic, MAX_FORECAST_BYTES, MAX_FORECAST_STEPS, parseForecast } from '../../../src/dashboard/server/forecast.js';
import { LiveState } from '../../../src/dashboard/server/live-state.js';
import { forecastAheadMs, forecastLabel, stepsShown, withForecasts } from '../../../src/dashboard/page/forecast-overlay.js';
import type { LiveEvent } from '../../../src/dashboard/server/live-source.js';
import { parseLocations } from '../../../src/owm/locations.js';
import { parseForecast as parseOwmForecast } from '../../../src/owm/responses/forecast.js';

const NOW = Date.parse('2026-08-01T09:02:25Z');
const TOPIC = 'exterieur/lisbon/forecast';
const HOUR = 3600_000;

/** The bridge's own `P/L/forecast` for the recorded Lisbon body at NOW. */
function bridgeDocument(): string {
  const body: unknown = JSON.parse(
    readFileSync(new URL('../../../fixtures/owm/forecast-lisbon-metric-lang-en-dew-point-no-precipitation.json', import.meta.url), 'utf8'),
  );
  const parsed = parseOwmForecast(body, 'metric', { ms: NOW, source: 'local' });
  const locations = parseLocations('geo:38.7223,-9.1393=lisbon');
  if (!parsed.ok || !locations.ok) throw new Error('the fixture does not parse');
  const settings = { topicPrefix: 'exterieur', units: 'metric' as const, qos: 1 as const, retain: true };
  const messages = mapForecast(locations.locations[0]!, parsed.forecast, NOW, [3, 6, 12, 24], settings);
  const document = messages.find((message) => message.topic === TOPIC);
  if (document === undefined) throw new Error('the bridge published no forecast document');
  return document.payload;
}

const step = (time: string, temperature: unknown) => ({ time, temperature });
const doc = (steps: unknown) => JSON.stringify({ units: 'metric', steps });

describe("the dashboard reads the bridge's P/L/forecast", () => {
  it('reads every step of what the bridge publishes, times as epoch ms, in order', () => {
    const payload = bridgeDocument();
    const forecast = parseForecast(TOPIC, payload, NOW);
    const steps = (JSON.parse(payload) as { steps: { time: string; temperature: number }[] }).steps;
    expect(steps.length).toBeGreaterThan(30);
    expect(forecast?.place).toBe('exterieur/lisbon');
    expect(forecast?.steps).toEqual(steps.map((s) => ({ t: Date.parse(s.time), value: s.temperature })));
    expect(forecast?.quantity).toBe('temperature');
    expect(Buffer.byteLength(payload)).toBeLessThan(MAX_FORECAST_BYTES / 4);
    expect(maxPayloadBytes(TOPIC)).toBe(MAX_FORECAST_BYTES);
  });

  it('skips a step without a temperature (null) and keeps the others', () => {
    const forecast = parseForecast(TOPIC, doc([step('2026-08-01T12:00:00Z', null), step('2026-08-01T15:00:00Z', 25.5)]), NOW);
    expect(forecast?.steps).toEqual([{ t: Date.parse('2026-08-01T15:00:00Z'), value: 25.5 }]);
  });

  it.each([
    ['not JSON', '{"steps": ['],
    ['an array', '[]'],
    ['no steps', '{"units":"metric"}'],
    ['steps not an array', '{"steps":{"0":1}}'],
    ['a step not an object', doc([1])],
    ['a temperature as text', doc([step('2026-08-01T12:00:00Z', '25')])],
    ['a temperature too large', doc([step('2026-08-01T12:00:00Z', 1e300)])],
    ['a local time, no Z', doc([step('2026-08-01T12:00:00', 25)])],
    ['a time in seconds', doc([step(String(NOW / 1000), 25)])],
    ['a time that does not exist', doc([step('2026-02-30T12:00:00Z', 25)])],
    ['a time before 2012', doc([step('2011-12-31T21:00:00Z', 25)])],
    ['a time more than 7 days ahead', doc([step('2026-08-09T12:00:00Z', 25)])],
    ['steps out of order', doc([step('2026-08-01T15:00:00Z', 25), step('2026-08-01T12:00:00Z', 24)])],
    ['two steps at one time', doc([step('2026-08-01T12:00:00Z', 25), step('2026-08-01T12:00:00Z', 24)])],
    [
      'too many steps',
      doc(Array.from({ length: MAX_FORECAST_STEPS + 1 }, (_, i) => step(new Date(NOW + (i + 1) * 1800_000).toISOString(), 20))),
    ],
    ['too long', JSON.stringify({ steps: [], pad: 'x'.repeat(MAX_FORECAST_BYTES) })],
  ])('refuses %s, whole', (_name, payload) => {
    expect(parseForecast(TOPIC, payload, NOW)).toBeUndefined();
    expect(classifyMessage(TOPIC, payload, NOW)).toEqual({ kind: 'ignored' });
  });

  it('leaves Infinity and NaN out: JSON has no such numbers, and a step with one is not read', () => {
    expect(parseForecast(TOPIC, '{"steps":[{"time":"2026-08-01T12:00:00Z","temperature":NaN}]}', NOW)).toBeUndefined();
  });

  it('neither records nor shows the per-horizon and per-day topics; a room named forecast is still a room', () => {
    for (const topic of [
      'exterieur/lisbon/forecast/3h/temperature',
      'exterieur/lisbon/forecast/24h/pop',
      'exterieur/lisbon/forecast/today/temp_max',
      'exterieur/lisbon/forecast/tomorrow/precipitation',
    ]) {
      expect(isForecastQuantityTopic(topic)).toBe(true);
      expect(classifyMessage(topic, '21.5', NOW)).toEqual({ kind: 'ignored' });
    }
    expect(classifyMessage('maison/forecast/temperature', '21.5', NOW)).toEqual({ kind: 'number', value: 21.5 });
  });

  it('keeps the latest forecast per place in the live state, tells the listeners, and forgets it when cleared', () => {
    const live = new LiveState();
    const events: LiveEvent[] = [];
    live.subscribe((event) => events.push(event));
    live.receive(TOPIC, doc([step('2026-08-01T12:00:00Z', 24)]), NOW);
    live.receive(TOPIC, doc([step('2026-08-01T12:00:00Z', 26)]), NOW + 1);
    live.receive(TOPIC, '{"steps": "hostile"}', NOW + 2);
    expect(live.forecasts()).toEqual([
      {
        topic: TOPIC,
        place: 'exterieur/lisbon',
        quantity: 'temperature',
        steps: [{ t: Date.parse('2026-08-01T12:00:00Z'), value: 26 }],
        t: NOW + 1,
      },
    ]);
    expect(live.values()).toEqual([]);
    live.receive(TOPIC, '', NOW + 3);
    expect(live.forecasts()).toEqual([]);
    expect(events.map((event) => event.kind)).toEqual(['forecast-line', 'forecast-line', 'forecast-removed']);
  });
});

describe("the page's forecast overlay", () => {
  const t = (h: number) => NOW + h * HOUR;

  it('draws only the steps after now, up to half the range ahead (at least 6 hours)', () => {
    const steps = [-1, 2, 5, 8, 11].map((h) => ({ t: t(h), value: 20 + h }));
    expect(stepsShown(steps, NOW, NOW + forecastAheadMs(HOUR)).map((s) => s.value)).toEqual([22, 25]);
    expect(stepsShown(steps, NOW, NOW + forecastAheadMs(24 * HOUR)).map((s) => s.value)).toEqual([22, 25, 28, 31]);
    expect(forecastAheadMs(30 * 24 * HOUR)).toBe(15 * 24 * HOUR);
  });

  it("adds a column of its own: no history series has a point at a forecast's time, so the two lines never join", () => {
    const columns = withForecasts(
      [
        [t(-2), t(-1)],
        [19, 20],
        [18, 19],
        [20, 21],
      ],
      [[{ t: t(2), value: 23 }]],
    );
    expect(columns).toEqual([
      [t(-2), t(-1), t(2)],
      [19, 20, undefined],
      [18, 19, undefined],
      [20, 21, undefined],
      [undefined, undefined, 23],
    ]);
    expect(forecastLabel({ place: 'exterieur/lisbon', quantity: 'temperature' })).toBe('exterieur/lisbon/temperature (forecast)');
  });
});
