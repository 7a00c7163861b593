import { isAbsolute, join } from 'node:path';

/**
 * Where a file of the program's state goes by default: the state directory systemd made
 * (`StateDirectory=` sets STATE_DIRECTORY; the first when it lists several), else
 * `$XDG_STATE_HOME/owm2mqtt/`, else `~/.local/state/owm2mqtt/` (the XDG default). Relative
 * values are ignored, as the XDG specification says. Pure: reads only `env`; undefined when none says.
 */
export function defaultStateFile(env: Readonly<Record<string, string | undefined>>, file: string): string | undefined {
  const absolute = (value: string | undefined) => (value !== undefined && isAbsolute(value) ? value : undefined);
  const state = absolute(env.STATE_DIRECTORY?.split(':')[0]);
  if (state !== undefined) return join(state, file);
  const xdg = absolute(env.XDG_STATE_HOME);
  if (xdg !== undefined) return join(xdg, 'owm2mqtt', file);
  const home = absolute(env.HOME);
  return home === undefined ? undefined : join(home, '.local', 'state', 'owm2mqtt', file);
}
