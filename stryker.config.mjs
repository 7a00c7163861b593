// `npm run mutate`: Stryker's mutants in the pure layers, against the fast unit tests
// (vitest.unit.config.ts). Survivors judged equivalent are listed, one line of reasoning
// each, in test/mutation/EQUIVALENT.md; `scripts/mutation-scores.mjs` prints the score of
// every module and fails under 95 %.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.unit.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'src/bridge/mapping.ts',
    'src/owm/responses/weather.ts',
    'src/owm/responses/air.ts',
    'src/quantities/dewpoint.ts',
    'src/quantities/quantity.ts',
    'src/quantities/weather.ts',
    'src/quantities/air.ts',
    'src/quantities/location.ts',
    'src/core/units.ts',
    'src/owm/locations.ts',
    'src/topics/levels.ts',
    'src/topics/contract.ts',
    'src/ha/discovery.ts',
    'src/watch/table.ts',
    'src/core/errors.ts',
    'src/config/*.ts',
    'src/purge/select.ts',
    'src/bridge/quota.ts',
    'src/owm/responses/observation-time.ts',
    'src/schedule/cron-fields.ts',
    'src/schedule/slots.ts',
    'src/schedule/zone.ts',
    'src/schedule/ticker.ts',
    'src/mqtt/backoff.ts',
    'src/commands/grammar.ts',
    'src/commands/help.ts',
    'src/core/display.ts',
    'src/simulate/*.ts',
    '!src/simulate/ports.ts',
    'src/topics/home.ts',
    'src/aggregate/*.ts',
    'src/topics/aggregate.ts',
    'src/dashboard/history/bucket-width.ts',
    'src/dashboard/history/database-path.ts',
    'src/dashboard/history/downsample.ts',
    'src/dashboard/history/history-error.ts',
    'src/dashboard/history/levels.ts',
    'src/dashboard/history/read-plan.ts',
    'src/dashboard/history/retention.ts',
    'src/dashboard/history/settings.ts',
  ],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level tables and patterns) each re-run the whole unit suite: hours for
  // the lot. They are left out of a routine run (Stryker counts them as ignored); the tables are
  // held by the fresh-module tests (test/weather/schema.test.ts) and by docs.test.ts. A full run:
  // npx stryker run --ignoreStatic false
  ignoreStatic: true,
  concurrency: 2,
  // Kept in the repository: a re-run after a small change tests only the mutants it touches.
  incremental: true,
  incrementalFile: 'test/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: '.stryker-tmp',
};
