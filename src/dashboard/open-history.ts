import { codeOf, messageOf } from '../core/errors.js';
import type { HistoryReader, HistoryWriter, SeriesInfo, SeriesPoint } from './history-types.js';

export interface HistoryOpening {
  readonly path: string;
  readonly rawDays: number;
  readonly historyDays: number;
  readonly onError: (message: string) => void;
  readonly onRecovered: (message: string) => void;
}

export type OpenedHistory =
  | { readonly ok: true; readonly history: HistoryReader & HistoryWriter }
  | { readonly ok: false; readonly problem: string; readonly history: HistoryReader & HistoryWriter };

/**
 * The history store, or the reason there is none: better-sqlite3 (an optional dependency) not
 * installed or not built for this Node.js, or a file that cannot be used. Without it the
 * dashboard goes on with the live values; the page says the history cannot be read.
 */
export async function openHistory(options: HistoryOpening): Promise<OpenedHistory> {
  let store: typeof import('./history/store.js');
  try {
    store = await import('./history/store.js');
  } catch (error) {
    return { ok: false, problem: missingSqlite(error), history: new NoHistory() };
  }
  try {
    const history = store.openHistoryStore({
      path: options.path,
      retention: { rawDays: options.rawDays, historyDays: options.historyDays },
      onError: (error) => options.onError(error.message),
      onRecovered: options.onRecovered,
    });
    return { ok: true, history };
  } catch (error) {
    return { ok: false, problem: messageOf(error), history: new NoHistory() };
  }
}

/** Why better-sqlite3 could not be loaded, and what to do. */
export function missingSqlite(error: unknown): string {
  const code = codeOf(error);
  const why =
    code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND'
      ? 'it is not installed (npm skips an optional dependency it could not build, or was told --omit=optional)'
      : `it did not load for this Node.js ${process.version} (${messageOf(error).split('\n')[0]})`;
  return (
    `the dashboard keeps its history with better-sqlite3, an optional dependency, and ${why}. ` +
    'Install it where owm2mqtt is installed (npm install -g owm2mqtt again, with a C++ compiler if no prebuilt build fits, or npm rebuild better-sqlite3); ' +
    'meanwhile the dashboard shows the live values only'
  );
}

/** What the server reads when there is no history: every read fails, so the page says so and shows the live values. */
class NoHistory implements HistoryReader, HistoryWriter {
  series(): readonly SeriesInfo[] {
    throw new Error('no history: see the message logged at start');
  }
  range(): readonly SeriesPoint[] {
    throw new Error('no history: see the message logged at start');
  }
  add(): void {}
  flush(): void {}
  close(): void {}
}
