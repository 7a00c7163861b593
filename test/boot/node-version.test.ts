import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { nodeVersionProblem as NodeVersionProblem } from '../../src/boot/node-version.cjs';

const CHECK = fileURLToPath(new URL('../../src/boot/node-version.cjs', import.meta.url));
const { nodeVersionProblem } = createRequire(import.meta.url)(CHECK) as { nodeVersionProblem: typeof NodeVersionProblem };

describe('the Node.js version check', () => {
  it.each(['20.19.0', '20.19.5', '20.20.2', '21.0.0', '22.12.0', '24.1.0', '100.0.0'])('lets %s run', (version) => {
    expect(nodeVersionProblem(version, '/usr/bin/node', '/x/README.md')).toBeUndefined();
  });

  it.each(['20.18.3', '20.0.0', '19.9.0', '18.20.4', '16.20.2', '12.22.12', '8.10.0'])(
    'stops %s with one line naming it, 20.19 and the README section',
    (version) => {
      expect(nodeVersionProblem(version, '/usr/bin/node', '/x/README.md')).toBe(
        `owm2mqtt needs Node.js 20.19 or later, and this is Node.js ${version} (/usr/bin/node). Debian 12 and Raspberry Pi OS Bookworm ship Node.js 18: the section "Node.js 20.19 or later" of /x/README.md says how to get 20 there (check with: node --version). Nothing was started.`,
      );
    },
  );

  it('names the README section even when no README is found', () => {
    expect(nodeVersionProblem('18.20.4', '/usr/bin/node', undefined)).toContain(
      `see the section "Node.js 20.19 or later" of owm2mqtt's README`,
    );
  });

  it('says nothing and exits 0 on this Node.js', () => {
    const run = spawnSync(process.execPath, [CHECK], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
