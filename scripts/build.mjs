// Builds what runs: dist/owm2mqtt-app.cjs (the whole bridge, one CommonJS file) and
// dist/owm2mqtt.cjs (the command: a small loader that runs the app through V8's code cache).
// CommonJS, not ESM: on Node 20 only a classic script can be given a code cache (vm.Script),
// and an ESM entry costs a start about 3 ms more by itself.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { buildDashboardPage, writeDashboardPage } from './dashboard-page.mjs';
import { lazyRequires } from './lazy-requires.mjs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  legalComments: 'none',
  logLevel: 'warning',
  define: { __OWM2MQTT_VERSION__: JSON.stringify(version) },
};

// Both files are built in memory and written only once both built: a failed build (a dependency
// update that a lazy-requires patch no longer fits, say) leaves the previous dist/ in place.
const app = await build({
  ...common,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/owm2mqtt-app.cjs',
  format: 'cjs',
  write: false,
  plugins: [lazyRequires],
  // A native addon, found at run time next to the package (an optional dependency: the dashboard's history).
  external: ['better-sqlite3'],
  // node-cron's ESM build reads import.meta.url at its top level: in this bundle, the bundle's own URL.
  inject: ['scripts/import-meta-url.js'],
  define: { ...common.define, 'import.meta.url': 'importMetaUrl' },
  // Already the function the loader calls (no 700 KB string to build around it at every start).
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '\n})' },
  // Less to read, hash and deserialise at every start (914 -> 699 KB; the code cache 726 -> 691 KB).
  // Errors carry their own names and codes; the bridge never prints a stack trace.
  minify: true,
  // Pure ASCII, so the loader can read it as latin1 (a plain copy) instead of decoding UTF-8.
  charset: 'ascii',
  alias: {
    // readable-stream is a copy of Node's own streams for browsers; Node 20's are the same API
    // and already loaded (net needs them): 185 KB less to load and run at every start.
    'readable-stream': 'node:stream',
    debug: './scripts/stubs/debug.cjs',
  },
});
const appCode = app.outputFiles[0].contents;
if (appCode.some((byte) => byte > 0x7f)) throw new Error('dist/owm2mqtt-app.cjs is not pure ASCII: the loader reads it as latin1');
// The loader runs the bundle as a vm.Script, which has no module loader behind import().
if (/\bimport\(/.test(app.outputFiles[0].text))
  throw new Error('dist/owm2mqtt-app.cjs calls import(): use process.getBuiltinModule() or a static import');
// The build id heads the file: the code cache is named after it (src/boot/code-cache.ts).
const buildId = createHash('sha256').update(appCode).digest('hex').slice(0, 16);

const loader = await build({
  ...common,
  entryPoints: ['src/bin.ts'],
  outfile: 'dist/owm2mqtt.cjs',
  format: 'cjs',
  write: false,
  // The loader must parse on an old Node.js, so that its first statement (src/boot/node-version.cjs)
  // can say which version is needed instead of a SyntaxError; esbuild refuses syntax it cannot lower.
  target: 'node16',
  banner: { js: '#!/usr/bin/env node' },
});

// The dashboard's page (src/dashboard/page/), served from dist/dashboard/ by `owm2mqtt dashboard`.
const dashboardPage = await buildDashboardPage();

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
writeFileSync('dist/owm2mqtt-app.cjs', Buffer.concat([Buffer.from(`/*owm2mqtt-build:${buildId}*/`), appCode]));
writeFileSync('dist/owm2mqtt.cjs', loader.outputFiles[0].contents, { mode: 0o755 });
writeDashboardPage(dashboardPage, 'dist/dashboard');

// The demo (with its in-process broker) is not part of the package: it goes to build/.
const esmRequire = {
  js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
};
await build({ ...common, entryPoints: ['src/demo/demo.ts'], outfile: 'build/demo.js', format: 'esm', banner: esmRequire });

// npm run bench's scenario 2: the real Daemon driven back to back, in a process of its own.
if (process.argv.includes('--bench')) {
  await build({ ...common, entryPoints: ['bench/daemon.ts'], outfile: 'build/bench-daemon.js', format: 'esm', banner: esmRequire });
}
