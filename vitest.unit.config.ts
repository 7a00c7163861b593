import { defineConfig } from 'vitest/config';

/**
 * `npm run test:unit`: the pure layers' tests, with no build, no broker and no child process, in
 * seconds. `npm run mutate` (Stryker) runs these against every mutant.
 */
export const UNIT_TESTS = [
  'test/aggregate/*.test.ts',
  'test/architecture.test.ts',
  'test/commands/grammar.test.ts',
  'test/config/*.test.ts',
  'test/core/*.test.ts',
  'test/dashboard/history/bucket-width.test.ts',
  'test/dashboard/history/downsample.test.ts',
  'test/dashboard/history/history-error.test.ts',
  'test/dashboard/history/read-plan.test.ts',
  'test/dashboard/history/retention.test.ts',
  'test/dashboard/history/settings.test.ts',
  'test/daemon/once-deadline.test.ts',
  'test/daemon/poll-rate-limit.test.ts',
  'test/daemon/schedule-boundaries.test.ts',
  'test/daemon/schedule-clock.test.ts',
  'test/daemon/schedule-dst.test.ts',
  'test/daemon/schedule-fields.test.ts',
  'test/daemon/schedule-zone.test.ts',
  'test/discovery.test.ts',
  'test/docs-paths.test.ts',
  'test/health.test.ts',
  'test/locations.test.ts',
  'test/mqtt/backoff.test.ts',
  'test/mqtt/takeover.test.ts',
  'test/locations-boundaries.test.ts',
  'test/mqtt/window.test.ts',
  'test/owm/retry.test.ts',
  'test/owm/places.test.ts',
  'test/owm/geocoding.test.ts',
  'test/forecast/*.test.ts',
  'test/property/*.test.ts',
  'test/purge.test.ts',
  'test/purge-boundaries.test.ts',
  'test/quantities.test.ts',
  'test/quantities/*.test.ts',
  'test/quota.test.ts',
  'test/quota-boundaries.test.ts',
  'test/simulate/*.test.ts',
  'test/topics.test.ts',
  'test/topics-boundaries.test.ts',
  'test/topics/*.test.ts',
  'test/watch/*.test.ts',
  'test/weather/*.test.ts',
];

export default defineConfig({
  test: {
    include: UNIT_TESTS,
    // Through the built command against Mosquitto: `npm test` runs it.
    exclude: ['test/config/settings-cli.test.ts'],
    testTimeout: 30_000,
  },
});
