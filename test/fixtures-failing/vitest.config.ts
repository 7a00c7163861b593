import { defineConfig } from 'vitest/config';
import main from '../../vitest.config.js';

/** Only for test/teardown.test.ts: the main settings (and setup files), on the deliberately failing file. */
export default defineConfig({
  test: { ...main.test, include: ['test/fixtures-failing/*.fail.ts'] },
});
