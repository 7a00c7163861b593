// First: on an older Node.js, one line saying what to do, before any newer API is touched.
import './boot/node-version.cjs';
import './preload-builtins.js';
import './v8-flags.js';
import { join } from 'node:path';
import type { main as Main } from './cli.js';
import { codeCacheDirectory, loadWithCodeCache } from './code-cache.js';

// The command: runs the bridge (dist/owm2mqtt-app.cjs, built beside this file) from V8's code cache.
const { exports: app, cache, writes, save } = loadWithCodeCache<{ main: typeof Main }>(join(__dirname, 'owm2mqtt-app.cjs'), undefined, codeCacheDirectory(process.env), require);

app.main(process.argv.slice(2), process.env, { codeCache: cache, codeCacheWrites: writes, saveCodeCache: save }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`owm2mqtt: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
