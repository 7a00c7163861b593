/**
 * readSettingFile: every way a file a setting names can fail, each named with the variable and the
 * path. The errors root never meets (EACCES: tests and CI run as root) come from a stand-in
 * readFileSync for paths under /errno/; test/config/settings-cli.test.ts meets EACCES for real,
 * through the built command run as `nobody`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readSettingFile } from '../../src/config/files.js';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: Parameters<typeof fs.readFileSync>[0], ...rest: []) => {
    const code = /^\/errno\/([A-Z]+)$/.exec(String(path))?.[1];
    if (code !== undefined) throw Object.assign(new Error(`failed: ${code}`), code === 'NONE' ? {} : { code });
    return fs.readFileSync(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});

const dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readSettingFile', () => {
  it('reads the whole file, as bytes', () => {
    const path = join(dir, 'ca.pem');
    writeFileSync(path, 'ca\n');
    expect(readSettingFile('MQTT_CA_FILE', path)).toEqual({ ok: true, data: Buffer.from('ca\n') });
  });

  it('refuses an empty file', () => {
    const path = join(dir, 'empty.pem');
    writeFileSync(path, '');
    expect(readSettingFile('MQTT_CA_FILE', path)).toEqual({ ok: false, problem: `MQTT_CA_FILE: the file "${path}" is empty` });
  });

  it.each([
    ['EACCES', 'is not readable by this user'],
    ['EIO', 'cannot be read (EIO)'],
    ['NONE', 'cannot be read (unknown error)'],
  ])('names %s as: %s', (code, reason) => {
    expect(readSettingFile('MQTT_KEY_FILE', `/errno/${code}`)).toEqual({
      ok: false,
      problem: `MQTT_KEY_FILE: the file "/errno/${code}" ${reason}`,
    });
  });
});
