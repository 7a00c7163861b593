/**
 * The live view of `owm2mqtt watch` and the demo: one row per location, the
 * quantities people look at first as columns. Pure: state in, text out.
 */
export const COLUMNS = [
  ['temperature', 'temp'],
  ['feels_like', 'feels'],
  ['humidity', 'hum'],
  ['dew_point', 'dew'],
  ['pressure', 'hPa'],
  ['wind_speed', 'wind'],
  ['wind_direction', 'dir'],
  ['rain_1h', 'rain'],
  ['description', 'sky'],
  ['observed_at', 'observed (UTC)'],
] as const;

export interface WatchState {
  /** location level → quantity → payload */
  readonly locations: Map<string, Map<string, string>>;
  status: string | undefined;
}

export function emptyState(): WatchState {
  return { locations: new Map(), status: undefined };
}

/** Records one message; false when it is not one of the bridge's topics. */
export function record(state: WatchState, prefix: string, topic: string, payload: string): boolean {
  if (!topic.startsWith(`${prefix}/`)) return false;
  const [level, leaf, ...rest] = topic.slice(prefix.length + 1).split('/');
  if (level === undefined || leaf === undefined || rest.length > 0) return false;
  if (level === 'bridge') {
    if (leaf === 'status') state.status = payload;
    return leaf === 'status';
  }
  let row = state.locations.get(level);
  if (!row) {
    row = new Map();
    state.locations.set(level, row);
  }
  if (payload === '') row.delete(leaf);
  else row.set(leaf, payload);
  return true;
}

export function render(state: WatchState, prefix: string): string {
  const header = ['location', ...COLUMNS.map(([, label]) => label)];
  const rows = [...state.locations.keys()].sort().map((level) => {
    const values = state.locations.get(level)!;
    const cell = (leaf: string) => {
      const value = values.get(leaf);
      if (value === undefined) return '·';
      return shorten(leaf === 'observed_at' ? value.replace('T', ' ').replace('Z', '') : value);
    };
    return [level, ...COLUMNS.map(([leaf]) => cell(leaf))];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const status = `${prefix}/bridge/status: ${state.status ?? '(nothing yet)'}`;
  return [status, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function shorten(value: string): string {
  return value.length > 22 ? `${value.slice(0, 21)}…` : value;
}
