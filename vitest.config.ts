import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Ends whatever a test started and left running (test/helpers/processes.ts).
    setupFiles: ['test/setup/teardown.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The soak test measures the heap after a forced collection.
    execArgv: ['--expose-gc'],
  },
});
