import { isAbsolute, join } from 'node:path';

export const DATABASE_FILE = 'history.db';
export const NO_DATABASE_PLACE =
  'DASHBOARD_DB is not set, and neither STATE_DIRECTORY, XDG_STATE_HOME nor HOME says where to keep the history database: set DASHBOARD_DB to a file path';

/**
 * Where the history database goes when DASHBOARD_DB is not set: the state directory systemd made
 * (`StateDirectory=` sets STATE_DIRECTORY, several paths separated by ":" when it lists several:
 * the first), else `$XDG_STATE_HOME/owm2mqtt/`, else `~/.local/state/owm2mqtt/` (the XDG default).
 * Relative STATE_DIRECTORY, XDG_STATE_HOME or HOME values are ignored, as the XDG specification
 * says. Pure: reads only `env`.
 */
export function defaultDatabasePath(
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; path: string } | { ok: false; problem: string } {
  const absolute = (value: string | undefined) => (value !== undefined && isAbsolute(value) ? value : undefined);
  const state = absolute(env.STATE_DIRECTORY?.split(':')[0]);
  if (state !== undefined) return { ok: true, path: join(state, DATABASE_FILE) };
  const xdg = absolute(env.XDG_STATE_HOME);
  if (xdg !== undefined) return { ok: true, path: join(xdg, 'owm2mqtt', DATABASE_FILE) };
  const home = absolute(env.HOME);
  if (home !== undefined) return { ok: true, path: join(home, '.local', 'state', 'owm2mqtt', DATABASE_FILE) };
  return {
    ok: false,
    problem: NO_DATABASE_PLACE,
  };
}
