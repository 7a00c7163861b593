/**
 * Setup file (vitest.config.ts): whatever a test started and did not end — it failed, threw or
 * timed out before its cleanup — is ended after it; what a file's beforeAll hooks started, after
 * the file. Registered first, these hooks run after the test file's own afterEach and afterAll.
 */
import { afterAll, afterEach, beforeEach } from 'vitest';
import { endFile, enterTest, leaveTest } from '../helpers/processes.js';

beforeEach(() => enterTest());
afterEach(async () => {
  await leaveTest();
});
afterAll(async () => {
  await endFile();
});
