import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Sample } from '../../../src/dashboard/history-types.js';
import { bucketWidth } from '../../../src/dashboard/history/bucket-width.js';
import { downsample } from '../../../src/dashboard/history/downsample.js';
import { DAY, floorTo, HOUR, MINUTE } from '../../../src/dashboard/history/levels.js';
import { openHistoryStore } from '../../../src/dashboard/history/store.js';
import { FakeClock } from '../../helpers/fake-clock.js';

const TOPIC = 'maison/salon/temperature';
const START = Date.UTC(2026, 11, 1);

/**
 * Whatever the timing (samples minutes apart or seconds apart, some arriving hours late, the
 * maintenance keeping up or catching up, raw samples pruned after 0 or 1 day), once maintenance has
 * caught up, every bucket of 1 minute or more reads as the samples kept (those not older than
 * HISTORY_DAYS) say: no sample lost or counted twice across the raw table and the three levels.
 */
it('reads every bucket as the samples kept say, whatever the timing', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          gap: fc.oneof(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 20 * MINUTE })),
          value: fc.integer({ min: -500, max: 500 }).map((v) => v / 10),
          delay: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 3 * HOUR })),
        }),
        { minLength: 1, maxLength: 200 },
      ),
      fc.integer({ min: 0, max: 1 }),
      fc.integer({ min: 1, max: 2 }),
      // Maintenance every 5 minutes keeps up as samples come; every 2 hours it catches up in steps.
      fc.constantFrom(5 * MINUTE, 2 * HOUR),
      (specs, rawDays, extraDays, maintenanceIntervalMs) => {
        const clock = new FakeClock(START);
        const store = openHistoryStore({
          path: ':memory:',
          retention: { rawDays, historyDays: rawDays + extraDays },
          clock,
          maintenanceIntervalMs,
          catchUpDelayMs: 1_000,
        });
        let t = START;
        const written: Sample[] = specs.map(({ gap, value }) => ({ topic: TOPIC, t: (t += gap), value }));
        const arrivals = written.map((sample, i) => ({ sample, at: sample.t + specs[i]!.delay })).sort((a, b) => a.at - b.at);
        for (const { sample, at } of arrivals) {
          clock.advance(Math.max(at - clock.now(), 0));
          store.add(sample);
        }
        clock.advance(Math.max(t + HOUR - clock.now(), 0) + DAY * (specs.length % 3));
        while (store.maintain());
        const now = clock.now();
        const historyCut = floorTo(now - (rawDays + extraDays) * DAY, 30 * MINUTE);
        const kept = written.filter((s) => s.t >= historyCut);
        for (const [from, maxPoints] of [
          [START, Math.floor((now - START) / MINUTE)],
          [START, Math.floor((now - START) / (10 * MINUTE))],
          [START, Math.floor((now - START) / HOUR)],
          [now - DAY, 24],
        ] as const) {
          const width = bucketWidth(now - from, maxPoints);
          const inRange = kept.filter((s) => s.t >= floorTo(from, width) && s.t < floorTo(now, width) + width);
          const expected = downsample(
            inRange.map((s) => [s.t, s.value, s.value, s.value, 1] as const),
            width,
          ).filter((p) => p[1] !== null);
          const actual = store.range(TOPIC, from, now, maxPoints).filter((p) => p[1] !== null);
          expect(actual.map(([at, min, , max]) => [at, min, max])).toEqual(expected.map(([at, min, , max]) => [at, min, max]));
          actual.forEach(([, , mean], i) => {
            expect(mean).toBeCloseTo(expected[i]![2]!, 9);
          });
        }
        store.close();
      },
    ),
    { numRuns: 60 },
  );
});
