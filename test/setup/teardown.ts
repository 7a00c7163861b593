/**
 * Setup file (vitest.config.ts): whatever a test started and did not end — it failed, threw or
 * timed out before its cleanup — is ended after it; what a file's beforeAll hooks started, after
 * the file. Registered first, these hooks run after the test file's own afterEach and afterAll.
 */
import { afterAll, afterEach, beforeEach } from 'vitest';
import { endFile, enterTest, leaveTest } from '../helpers/processes.js';

beforeEach(() => enterTest());
afterEach(async (context) => {
  const ended = await leaveTest();
  if (ended.length > 0) console.warn(`teardown: "${context.task.name}" left running, now ended: ${ended.join(', ')}`);
});
afterAll(async () => {
  const ended = await endFile();
  if (ended.length > 0) console.warn(`teardown: left running by the file, now ended: ${ended.join(', ')}`);
});
