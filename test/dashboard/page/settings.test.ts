import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isLoopbackHost, parseDashboardSettings } from '../../../src/config/dashboard-settings.js';

const dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-dashboard-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseDashboardSettings', () => {
  it('listens on 127.0.0.1:8377 with no password by default', () => {
    expect(parseDashboardSettings({})).toEqual({ ok: true, settings: { host: '127.0.0.1', port: 8377, password: undefined } });
  });

  it('reads the host, the port and the password', () => {
    expect(parseDashboardSettings({ DASHBOARD_HOST: ' 0.0.0.0 ', DASHBOARD_PORT: '8099', DASHBOARD_PASSWORD: 'long enough' })).toEqual({
      ok: true,
      settings: { host: '0.0.0.0', port: 8099, password: 'long enough' },
    });
    expect(parseDashboardSettings({ DASHBOARD_HOST: '[::1]' })).toEqual({
      ok: true,
      settings: { host: '::1', port: 8377, password: undefined },
    });
  });

  it('reads the password from DASHBOARD_PASSWORD_FILE, without its last newline', () => {
    const file = join(dir, 'password');
    writeFileSync(file, 'from a file\n');
    const result = parseDashboardSettings({ DASHBOARD_HOST: '192.168.1.20', DASHBOARD_PASSWORD_FILE: file });
    expect(result).toEqual({ ok: true, settings: { host: '192.168.1.20', port: 8377, password: 'from a file' } });
  });

  it.each([
    [{ DASHBOARD_PORT: '0' }, 'DASHBOARD_PORT="0" must be a whole number from 1 to 65535 (default 8377)'],
    [{ DASHBOARD_PORT: '65536' }, 'DASHBOARD_PORT="65536" must be a whole number from 1 to 65535 (default 8377)'],
    [{ DASHBOARD_PORT: '80.5' }, 'DASHBOARD_PORT="80.5" must be a whole number from 1 to 65535 (default 8377)'],
    [
      { DASHBOARD_HOST: 'my host' },
      'DASHBOARD_HOST="my host" is not an address to listen on: give an IP address of this machine (127.0.0.1, ::1, 192.168.1.20), 0.0.0.0 for every interface, or a host name',
    ],
    [
      { DASHBOARD_HOST: '0.0.0.0' },
      'DASHBOARD_HOST="0.0.0.0" lets other machines reach the dashboard, which needs a password: set DASHBOARD_PASSWORD (or DASHBOARD_PASSWORD_FILE), or keep DASHBOARD_HOST=127.0.0.1',
    ],
    [
      { DASHBOARD_HOST: '::' },
      'DASHBOARD_HOST="::" lets other machines reach the dashboard, which needs a password: set DASHBOARD_PASSWORD (or DASHBOARD_PASSWORD_FILE), or keep DASHBOARD_HOST=127.0.0.1',
    ],
    [{ DASHBOARD_PASSWORD: 'short' }, 'DASHBOARD_PASSWORD is shorter than 8 characters: choose a longer password'],
    [
      { DASHBOARD_PASSWORD: 'twelve chars', DASHBOARD_PASSWORD_FILE: '/x' },
      'DASHBOARD_PASSWORD and DASHBOARD_PASSWORD_FILE are both set: keep only one',
    ],
  ])('refuses %j: %s', (env, message) => {
    expect(parseDashboardSettings(env)).toEqual({ ok: false, problems: [message] });
  });

  it('says every problem at once and never shows the password', () => {
    const result = parseDashboardSettings({ DASHBOARD_HOST: '0.0.0.0', DASHBOARD_PORT: 'x', DASHBOARD_PASSWORD: 'sEcr3t' });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).not.toContain('sEcr3t');
  });

  it('refuses a password with a control character, without showing it', () => {
    const result = parseDashboardSettings({ DASHBOARD_PASSWORD: 'password\u0000withnul' });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('withnul');
  });
});

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'app.localhost', '::1', '[::1]', '::ffff:127.0.0.1'])(
    '%s is this machine only',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );
  it.each(['0.0.0.0', '::', '192.168.1.20', 'raspberrypi.local', '128.0.0.1', 'localhost.evil.example'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
