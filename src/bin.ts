// First: on an older Node.js, one line saying what to do, before any newer API is touched.
import './boot/node-version.cjs';
import './boot/preload-builtins.js';
import './boot/v8-flags.js';
import { join } from 'node:path';
import { codeCacheDirectory, loadWithCodeCache } from './boot/code-cache.js';
import { preferMemoryOverSpeed } from './boot/memory-flags.js';
import type { main as Main } from './main.js';
import { messageOf } from './core/errors.js';

// The command: runs the bundle (dist/owm2mqtt-app.cjs, built beside this file) from V8's code cache.
// Start-up speed stays here, in src/boot/: the program sees only a note and one hook.
const {
  exports: app,
  cache,
  writes,
  save,
} = loadWithCodeCache<{ main: typeof Main }>(join(__dirname, 'owm2mqtt-app.cjs'), undefined, codeCacheDirectory(process.env), require);

const boot = {
  note: `start-up code cache: ${cache}${writes === undefined ? '' : `; ${writes} is written after a successful run`}`,
  // Once a run has done its real work: the cache then holds it, and a daemon has no more use for V8's speed-first heap.
  onFirstSuccess: () => {
    save();
    preferMemoryOverSpeed();
  },
};

app.main(process.argv.slice(2), process.env, boot).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`owm2mqtt: unexpected failure: ${messageOf(error)}\n`);
    process.exitCode = 1;
  },
);
