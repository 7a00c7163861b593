/** `npm pack` gives a tarball of only what runs and its reference (docs/), and it installs and runs from a clean prefix. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

it('packs only what runs, and the tarball installs and answers --help', () => {
  const dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-pack-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--pack-destination', dir, '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as { filename: string; files: { path: string }[] }[];
  const files = packed[0]!.files.map((f) => f.path).sort();
  // docs/: a Pi without network still has the whole reference the README links to.
  const docs = readdirSync(join(ROOT, 'docs')).map((name) => `docs/${name}`);
  expect(docs).toContain('docs/configuration.md');
  expect(files).toEqual([
    '.env.example',
    'LICENSE',
    'README.md',
    'deploy/owm2mqtt-aggregate.service',
    'deploy/owm2mqtt-all.service',
    'deploy/owm2mqtt-dashboard.service',
    'deploy/owm2mqtt-once.service',
    'deploy/owm2mqtt.service',
    'deploy/owm2mqtt.timer',
    // The dashboard's page (scripts/dashboard-page.mjs).
    'dist/dashboard/app.css',
    'dist/dashboard/app.js',
    'dist/dashboard/index.html',
    'dist/owm2mqtt-app.cjs',
    'dist/owm2mqtt.cjs',
    ...docs.sort(),
    'package.json',
  ]);

  const prefix = join(dir, 'global');
  const install = spawnSync(
    'npm',
    ['install', '--global', '--prefix', prefix, join(dir, packed[0]!.filename), '--ignore-scripts', '--no-audit', '--no-fund'],
    {
      encoding: 'utf8',
    },
  );
  expect(install.status, install.stderr).toBe(0);
  // Everything the program runs is in the bundle: what is installed beside it is the dashboard's native SQLite
  // (optional; its build is skipped here with --ignore-scripts, minutes on this machine) and what that needs.
  const installed = readdirSync(join(prefix, 'lib', 'node_modules', 'owm2mqtt', 'node_modules'));
  expect(installed).toContain('better-sqlite3');
  for (const bundled of ['mqtt', 'undici', 'zod', 'dotenv', 'node-cron', 'uplot']) expect(installed).not.toContain(bundled);
  const help = spawnSync(join(prefix, 'bin', 'owm2mqtt'), ['--help'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  expect(help.status).toBe(0);
  expect(help.stdout).toContain('owm2mqtt --once');
}, 120_000);
