import { displayText } from '../core/display.js';
import { LOCATION_QUANTITIES } from '../quantities/location.js';
import { isBridgeLevel, isStatus, splitUnderPrefix, statusTopic } from '../topics/contract.js';

/**
 * The live view of `owm2mqtt watch` and the demo: one row per location, the
 * quantities people look at first as columns (those with a `column` in their
 * table), in table order. Pure: state in, text out. Every topic level and payload in the
 * text went through `displayText`: the table is always shown on a terminal.
 */
export const COLUMNS = LOCATION_QUANTITIES.flatMap((q) =>
  q.column === undefined ? [] : [{ leaf: q.name, label: q.column, kind: q.kind }],
);

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
  const parts = splitUnderPrefix(prefix, topic);
  if (!parts) return false;
  const { level, leaf } = parts;
  if (isBridgeLevel(level)) {
    if (isStatus(level, leaf)) state.status = payload;
    return isStatus(level, leaf);
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
  const header = ['location', ...COLUMNS.map((column) => column.label)];
  const rows = [...state.locations.keys()].sort().map((level) => {
    const values = state.locations.get(level)!;
    const cell = ({ leaf, kind }: (typeof COLUMNS)[number]) => {
      const value = values.get(leaf);
      if (value === undefined) return '·';
      return shorten(displayText(kind === 'timestamp' ? value.replace('T', ' ').replace('Z', '') : value));
    };
    return [displayText(level), ...COLUMNS.map(cell)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const status = `${displayText(statusTopic(prefix))}: ${state.status === undefined ? '(nothing yet)' : displayText(state.status)}`;
  return [status, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function shorten(value: string): string {
  return value.length > 22 ? `${value.slice(0, 21)}…` : value;
}
