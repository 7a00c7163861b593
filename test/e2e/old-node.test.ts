/**
 * The packed program on Debian Bookworm's own Node.js 18 (what `apt-get install nodejs` gives a
 * Raspberry Pi OS Bookworm): one line saying what to do, exit status 2, no stack trace.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debianRoot, debianRootUnavailable, inRoot } from '../helpers/debian-root.js';

const PROJECT = fileURLToPath(new URL('../../', import.meta.url));
const unavailable = debianRootUnavailable();

describe.skipIf(unavailable !== undefined && process.env.CI !== 'true')("Debian Bookworm's Node.js 18", () => {
  let root = '';
  let work = '';
  /** Where the package is, seen from inside the root. */
  let inside = '';
  let nodeVersion = '';

  beforeAll(async () => {
    if (unavailable) throw new Error(unavailable);
    root = await debianRoot('bookworm-nodejs', 'bookworm', ['nodejs']);
    nodeVersion = inRoot(root, ['node', '--version']).stdout.trim().replace(/^v/, '');
    mkdirSync(join(root, 'tmp'), { recursive: true });
    work = mkdtempSync(join(root, 'tmp', 'owm2mqtt-'));
    inside = work.slice(root.length);
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--pack-destination', work, '--json'], {
        cwd: PROJECT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as { filename: string }[];
    execFileSync('tar', ['-xzf', join(work, packed!.filename), '-C', work]);
    copyFileSync(join(PROJECT, 'src/boot/node-version.cjs'), join(work, 'node-version.cjs'));
  }, 600_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const expected = () =>
    `owm2mqtt needs Node.js 20.19 or later, and this is Node.js ${nodeVersion} (/usr/bin/node). Debian 12 and Raspberry Pi OS Bookworm ship Node.js 18: the section "Node.js 20.19 or later" of ${inside}/package/README.md says how to get 20 there (check with: node --version). Nothing was started.\n`;

  it('is the Node.js a Bookworm user gets', () => {
    expect(nodeVersion).toMatch(/^18\./);
  });

  it.each([[['--help']], [['--version']], [['--once']], [[]], [['watch']], [['--print-config']], [['--purge', '--dry-run']]])(
    'owm2mqtt %j: one line naming both versions and the README section, exit 2',
    (args) => {
      const run = inRoot(root, ['node', `${inside}/package/dist/owm2mqtt.cjs`, ...args]);
      expect(run.stderr).toBe(expected());
      expect(run.stdout).toBe('');
      expect(run.status).toBe(2);
    },
  );

  it("npm run demo's first step says the same (it runs before the build)", () => {
    const run = inRoot(root, ['node', `${inside}/node-version.cjs`]);
    expect(run.stderr).toMatch(
      /^owm2mqtt needs Node\.js 20\.19 or later, and this is Node\.js 18\.\d+\.\d+ \(\/usr\/bin\/node\)\. .*Nothing was started\.\n$/,
    );
    expect(run.status).toBe(2);
  });
});
