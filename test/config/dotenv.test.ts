import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEnvFile } from '../../src/config/dotenv.js';

describe('applyEnvFile: --env-file, else ./.env', () => {
  const dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-dotenv-'));

  it('adds the variables of the file; those already in the environment win, even empty', () => {
    const file = join(dir, 'a.env');
    writeFileSync(file, 'OWM_UNITS=imperial\nOWM_LANG=fr\nTOPIC_PREFIX=from-file\n');
    const env: NodeJS.ProcessEnv = { OWM_UNITS: 'standard', TOPIC_PREFIX: '' };
    expect(applyEnvFile(file, env)).toBeUndefined();
    expect(env).toEqual({ OWM_UNITS: 'standard', OWM_LANG: 'fr', TOPIC_PREFIX: '' });
  });

  it("a missing --env-file is a problem naming it; a file read differently by systemd is its reader's problem", () => {
    expect(applyEnvFile(join(dir, 'nope.env'), {})).toBe(`--env-file: the file "${join(dir, 'nope.env')}" does not exist`);
    const bad = join(dir, 'bad.env');
    writeFileSync(bad, 'export OWM_UNITS=imperial\n');
    const env: NodeJS.ProcessEnv = {};
    expect(applyEnvFile(bad, env)).toMatch(/line 1/);
    expect(env).toEqual({});
  });

  it('without --env-file and without ./.env (none at the repository root), nothing changes', () => {
    const env: NodeJS.ProcessEnv = { A: '1' };
    expect(applyEnvFile(undefined, env)).toBeUndefined();
    expect(env).toEqual({ A: '1' });
  });
});
