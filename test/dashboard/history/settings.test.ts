import { describe, expect, it } from 'vitest';
import { defaultDatabasePath } from '../../../src/config/database-path.js';
import { parseHistorySettings } from '../../../src/config/history-settings.js';

describe('defaultDatabasePath', () => {
  it("uses systemd's StateDirectory= first (its first path when it lists several)", () => {
    expect(defaultDatabasePath({ STATE_DIRECTORY: '/var/lib/owm2mqtt', XDG_STATE_HOME: '/x', HOME: '/home/pi' })).toEqual({
      ok: true,
      path: '/var/lib/owm2mqtt/history.db',
    });
    expect(defaultDatabasePath({ STATE_DIRECTORY: '/var/lib/owm2mqtt:/var/lib/other' })).toEqual({
      ok: true,
      path: '/var/lib/owm2mqtt/history.db',
    });
  });

  it('then $XDG_STATE_HOME/owm2mqtt/', () => {
    expect(defaultDatabasePath({ XDG_STATE_HOME: '/home/pi/.state', HOME: '/home/pi' })).toEqual({
      ok: true,
      path: '/home/pi/.state/owm2mqtt/history.db',
    });
  });

  it('then ~/.local/state/owm2mqtt/', () => {
    expect(defaultDatabasePath({ HOME: '/home/pi' })).toEqual({ ok: true, path: '/home/pi/.local/state/owm2mqtt/history.db' });
  });

  it('ignores empty and relative values, as the XDG specification says', () => {
    expect(defaultDatabasePath({ STATE_DIRECTORY: '', XDG_STATE_HOME: 'state', HOME: '/home/pi' })).toEqual({
      ok: true,
      path: '/home/pi/.local/state/owm2mqtt/history.db',
    });
  });

  it('says what to set when there is nowhere to go', () => {
    expect(defaultDatabasePath({ HOME: 'relative' })).toEqual({
      ok: false,
      problem:
        'DASHBOARD_DB is not set, and neither STATE_DIRECTORY, XDG_STATE_HOME nor HOME says where to keep the history database: set DASHBOARD_DB to a file path',
    });
  });
});

describe('parseHistorySettings', () => {
  it('has defaults: the state directory, 2 days of raw samples, 30 days of roll-ups', () => {
    expect(parseHistorySettings({ HOME: '/home/pi' })).toEqual({
      ok: true,
      settings: { databasePath: '/home/pi/.local/state/owm2mqtt/history.db', rawDays: 2, historyDays: 30 },
    });
  });

  it('reads DASHBOARD_DB, HISTORY_RAW_DAYS and HISTORY_DAYS, trimmed; empty values are not set', () => {
    expect(parseHistorySettings({ DASHBOARD_DB: ' /srv/h.db ', HISTORY_RAW_DAYS: ' 7 ', HISTORY_DAYS: '90' })).toEqual({
      ok: true,
      settings: { databasePath: '/srv/h.db', rawDays: 7, historyDays: 90 },
    });
    expect(parseHistorySettings({ DASHBOARD_DB: '', HISTORY_RAW_DAYS: '', HISTORY_DAYS: '', STATE_DIRECTORY: '/var/lib/o' })).toEqual({
      ok: true,
      settings: { databasePath: '/var/lib/o/history.db', rawDays: 2, historyDays: 30 },
    });
  });

  it('takes the limits: 0 and 365 raw days, 1 and 3650 days', () => {
    expect(parseHistorySettings({ DASHBOARD_DB: ':memory:', HISTORY_RAW_DAYS: '0', HISTORY_DAYS: '1' })).toEqual({
      ok: true,
      settings: { databasePath: ':memory:', rawDays: 0, historyDays: 1 },
    });
    expect(parseHistorySettings({ DASHBOARD_DB: 'h.db', HISTORY_RAW_DAYS: '365', HISTORY_DAYS: '3650' })).toEqual({
      ok: true,
      settings: { databasePath: 'h.db', rawDays: 365, historyDays: 3650 },
    });
  });

  it.each([
    [{ HISTORY_RAW_DAYS: '366' }, 'HISTORY_RAW_DAYS="366" must be a whole number from 0 to 365'],
    [{ HISTORY_RAW_DAYS: '-1' }, 'HISTORY_RAW_DAYS="-1" must be a whole number from 0 to 365'],
    [{ HISTORY_RAW_DAYS: '1.5' }, 'HISTORY_RAW_DAYS="1.5" must be a whole number from 0 to 365'],
    [{ HISTORY_RAW_DAYS: 'two' }, 'HISTORY_RAW_DAYS="two" must be a whole number from 0 to 365'],
    [{ HISTORY_DAYS: '0' }, 'HISTORY_DAYS="0" must be a whole number from 1 to 3650'],
    [{ HISTORY_DAYS: '3651' }, 'HISTORY_DAYS="3651" must be a whole number from 1 to 3650'],
    [{ HISTORY_DAYS: '1e3' }, 'HISTORY_DAYS="1e3" must be a whole number from 1 to 3650'],
    [
      { HISTORY_RAW_DAYS: '7', HISTORY_DAYS: '3' },
      'HISTORY_DAYS="3" must be at least HISTORY_RAW_DAYS (7): the roll-ups are kept at least as long as the raw samples',
    ],
    [{ DASHBOARD_DB: '/srv/a\nb.db' }, 'DASHBOARD_DB="/srv/a\\nb.db" contains a control character: give a plain file path'],
    [{ DASHBOARD_DB: '/srv/a\x7fb.db' }, 'DASHBOARD_DB="/srv/a\x7fb.db" contains a control character: give a plain file path'],
  ])('refuses %o: %s', (env, problem) => {
    expect(parseHistorySettings({ HOME: '/home/pi', ...env })).toEqual({ ok: false, problems: [problem] });
  });

  it('accepts HISTORY_DAYS equal to HISTORY_RAW_DAYS', () => {
    expect(parseHistorySettings({ HOME: '/h', HISTORY_RAW_DAYS: '7', HISTORY_DAYS: '7' }).ok).toBe(true);
  });

  it('lists every problem at once', () => {
    expect(parseHistorySettings({ HISTORY_RAW_DAYS: 'x', HISTORY_DAYS: 'y' })).toEqual({
      ok: false,
      problems: [
        'DASHBOARD_DB is not set, and neither STATE_DIRECTORY, XDG_STATE_HOME nor HOME says where to keep the history database: set DASHBOARD_DB to a file path',
        'HISTORY_RAW_DAYS="x" must be a whole number from 0 to 365',
        'HISTORY_DAYS="y" must be a whole number from 1 to 3650',
      ],
    });
  });

  it('refuses a missing path alone', () => {
    expect(parseHistorySettings({})).toEqual({
      ok: false,
      problems: [
        'DASHBOARD_DB is not set, and neither STATE_DIRECTORY, XDG_STATE_HOME nor HOME says where to keep the history database: set DASHBOARD_DB to a file path',
      ],
    });
  });
});
