// Builds the dashboard's page: app.js (src/dashboard/page/main.ts with uPlot, one minified
// script), app.css (the page's styles with uPlot's) and index.html, all served by the dashboard
// itself (no CDN: a Pi on a LAN without internet shows the whole page). Used by scripts/build.mjs
// (into dist/dashboard/), by the browser tests and by bench/dashboard-page.mjs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = new URL('../', import.meta.url).pathname;
const PAGE = join(ROOT, 'src/dashboard/page');

/** The three files, in memory: `{ 'index.html': Buffer, 'app.js': Buffer, 'app.css': Buffer }`. */
export async function buildDashboardPage() {
  const common = { bundle: true, minify: true, write: false, legalComments: 'none', logLevel: 'warning', charset: 'utf8' };
  const [script, style] = await Promise.all([
    build({
      ...common,
      entryPoints: [join(PAGE, 'main.ts')],
      outfile: 'app.js',
      platform: 'browser',
      format: 'iife',
      // Browsers of the last few years, phones included (EventSource, ResizeObserver, CSS min()).
      target: ['chrome100', 'firefox100', 'safari15'],
      absWorkingDir: ROOT,
    }),
    build({ ...common, entryPoints: [join(PAGE, 'styles.css')], outfile: 'app.css', absWorkingDir: ROOT }),
  ]);
  const js = script.outputFiles[0].text;
  // The page is served with a CSP without 'unsafe-eval': nothing in it may build code from text.
  if (/\beval\(|new Function\(/.test(js)) throw new Error('the dashboard page calls eval or new Function: its CSP forbids both');
  return {
    'index.html': readFileSync(join(PAGE, 'index.html')),
    'app.js': Buffer.from(script.outputFiles[0].contents),
    'app.css': Buffer.from(style.outputFiles[0].contents),
  };
}

export function writeDashboardPage(files, directory) {
  mkdirSync(directory, { recursive: true });
  for (const [name, contents] of Object.entries(files)) writeFileSync(join(directory, name), contents);
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const directory = process.argv[2] ?? 'dist/dashboard';
  writeDashboardPage(await buildDashboardPage(), directory);
}
