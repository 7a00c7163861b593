import { controlCharacterProblem } from './control-characters.js';
import type { Env, Mode, Reading, Setting } from './row.js';
import { pairProblems, settle, warningsOf } from './rules.js';
import { nonEmpty } from './secrets.js';
import { isRead, type Section } from './sections.js';
import { type Config, SETTINGS } from './settings.js';

export type ConfigResult = { ok: true; config: Config; warnings: string[] } | { ok: false; problems: string[] };

type Value = Extract<Reading<unknown>, { ok: true }>;

const ROWS: readonly Setting[] = SETTINGS;
/** Control characters are reported for the settings without a default first, then for the others. */
const CONTROL_ORDER = [...ROWS.filter((row) => row.default === undefined), ...ROWS.filter((row) => row.default !== undefined)];
/** Read first: the values judged by their text alone (those with a default). */
const BY_TEXT = ROWS.filter((row) => row.default !== undefined);
/** Then the secrets and files, whose content is read. */
const BY_CONTENT = ROWS.filter((row) => row.default === undefined && (row.kind === 'secret' || row.kind === 'file'));
/** Then the rest, read their own way (the locations, the client id). */
const OTHERS = ROWS.filter((row) => !BY_TEXT.includes(row) && !BY_CONTENT.includes(row));

/**
 * Validates every variable at once; on failure returns every problem, each naming its variable.
 * With `sections`, only their variables are read: the others take their defaults (the API key
 * empty, no locations), so a command is never refused for a setting it does not use.
 */
export function loadConfig(env: Env, mode: Mode, sections?: ReadonlySet<Section>): ConfigResult {
  const visible: Env = Object.fromEntries(Object.entries(env).filter(([name]) => isRead(name, sections)));
  const problems: string[] = [];
  const refused = new Set<string>();
  for (const row of CONTROL_ORDER) {
    const text = visible[row.name];
    const problem = text === undefined ? undefined : controlCharacterProblem(row.name, text, row.text);
    if (problem === undefined) continue;
    problems.push(problem);
    refused.add(row.owner ?? row.name);
  }
  const values = new Map<Setting, Value>();
  const readEach = (rows: readonly Setting[]) => {
    for (const row of rows) {
      // A setting refused above, itself or its companion, is not read (nor its file opened).
      if (refused.has(row.name)) continue;
      const reading: Reading<unknown> =
        row.unread !== undefined && !isRead(row.name, sections)
          ? { ok: true, value: row.unread }
          : row.read(nonEmpty(visible[row.name]), { env: visible, mode });
      if (reading.ok) values.set(row, reading);
      else problems.push(...reading.problems);
    }
  };
  readEach(BY_TEXT);
  readEach(BY_CONTENT);
  problems.push(...pairProblems(visible));
  readEach(OTHERS);
  if (problems.length > 0) return { ok: false, problems };
  const config = assemble(values);
  return { ok: true, config: settle(config), warnings: warningsOf(config) };
}

/** Each row's value at its place, and where the secrets and files came from. */
function assemble(values: ReadonlyMap<Setting, Value>): Config {
  const config: Record<string, unknown> = {};
  const sources = (kind: Setting['kind']) =>
    Object.fromEntries(
      [...values].filter(([row, value]) => row.kind === kind && value.source !== undefined).map(([row, value]) => [row.name, value.source]),
    );
  for (const [row, value] of values) if (row.at !== undefined) place(config, row.at, value.value);
  place(config, 'mqtt.tls.files', sources('file'));
  config.secrets = [...values.values()]
    .flatMap((value) => value.secrets ?? [])
    .filter((secret) => secret !== undefined && secret.length > 0);
  config.secretSources = Object.fromEntries(ROWS.filter((row) => row.kind === 'secret').map((row) => [row.name, values.get(row)?.source]));
  // Every row has put its value in place: the shape is the one ConfigOf reads from the table.
  return config as Config;
}

function place(tree: Record<string, unknown>, at: string, value: unknown): void {
  const path = at.split('.');
  const leaf = path.pop()!;
  let node = tree;
  for (const key of path) {
    if (!Object.hasOwn(node, key)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[leaf] = value;
}
