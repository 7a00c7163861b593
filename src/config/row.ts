import type * as z from 'zod/mini';
import { maskUrlPassword } from './mask.js';
import type { Section } from './sections.js';

/**
 * What one row of the settings table (src/config/settings.ts) holds, and the three ways to write
 * one: `setting` (a value judged by its text, with a default), `readSetting` (a value read its own
 * way: a secret, a file, a list, a default that depends on the command) and `companion` (a variable
 * another row reads, like OWM_API_KEY_FILE).
 */

export type Env = Readonly<Record<string, string | undefined>>;

/** Picks the default MQTT_CLIENT_ID: `once` runs and the aggregator do not take over the daemon's connection. */
export type Mode = 'once' | 'daemon' | 'aggregate';

/** How a setting's text is trimmed before use: which control characters are harmless (see controlCharacterProblem). */
export interface TextRule {
  readonly trimmed: boolean;
  readonly separators?: string;
}

/** A setting's value, or why it is refused. `source` says where it came from (--print-config); `secrets` are masked in every log line. */
export type Reading<V> =
  | { readonly ok: true; readonly value: V; readonly source?: string | undefined; readonly secrets?: readonly (string | undefined)[] }
  | { readonly ok: false; readonly problems: readonly string[] };

export interface ReadContext {
  /** Only the variables of the sections the command reads, and every variable that is no setting (CREDENTIALS_DIRECTORY). */
  readonly env: Env;
  readonly mode: Mode;
}

/** What a value shown by `--print-config` may need of the rest of the configuration. */
export interface PrintContext {
  readonly topicPrefix: string;
  readonly owm: { readonly geocoding: boolean; readonly placesFile: string | undefined };
}

/**
 * `value`: `--print-config` shows the value (or `(not set…)`); `secret`: where it came from, never
 * the value; `file`: the path it was read from; `companion`: nothing, its row shows it.
 */
export type Kind = 'value' | 'secret' | 'file' | 'companion';

export interface Setting<N extends string = string, P extends string = string, V = unknown> {
  readonly name: N;
  readonly section: Section;
  /** One line, for `<command> --help`. */
  readonly doc: string;
  readonly kind: Kind;
  /** The default as text, read like a value that was set. */
  readonly default?: string;
  /** What `--help` shows for a setting without a default: `required`, `not set`, … */
  readonly unset?: string;
  readonly text: TextRule;
  /** A companion's setting: a control character in the companion keeps that one from being read. */
  readonly owner?: string;
  /** Where its value goes in `Config` (`owm.units`); undefined for a companion. */
  readonly at: P | undefined;
  /** `text` is the variable's value, undefined when unset or blank. */
  read(text: string | undefined, context: ReadContext): Reading<V>;
  /** Its value for a command that does not read its section, when reading it unset would be refused. */
  readonly unread?: V;
  print?(value: V, context: PrintContext): unknown;
}

interface Described<N extends string> {
  readonly name: N;
  readonly section: Section;
  readonly doc: string;
}

/** A value judged by its text alone, `default` when unset. A refusal shows the text, with any URL password masked. */
export function setting<const N extends string, const P extends string, V>(
  row: Described<N> & {
    readonly at: P;
    readonly default: string;
    readonly schema: z.ZodMiniType<V, string>;
    readonly mask?: (text: string) => string;
  },
): Setting<N, P, V> {
  const { schema, mask = maskUrlPassword, ...described } = row;
  return {
    ...described,
    kind: 'value',
    text: { trimmed: true },
    read: (text) => {
      const raw = text?.trim() ?? row.default;
      const result = schema.safeParse(raw);
      return result.success
        ? { ok: true, value: result.data }
        : // A failed parse has at least one issue; each of these schemas stops at its first.
          { ok: false, problems: [`${row.name}="${mask(raw)}" ${result.error.issues[0]!.message}`] };
    },
  };
}

/** A value read its own way (see src/config/readers.ts). */
export function readSetting<const N extends string, const P extends string, V>(
  row: Described<N> & {
    readonly at: P;
    readonly unset: string;
    readonly read: (text: string | undefined, context: ReadContext) => Reading<V>;
    readonly kind: 'value' | 'secret' | 'file';
    readonly text?: TextRule;
    readonly unread?: V;
    readonly print?: (value: V, context: PrintContext) => unknown;
  },
): Setting<N, P, V> {
  return { text: { trimmed: true }, ...row };
}

/** A variable that another row reads for it: listed, documented and checked for control characters, but no value of its own. */
export function companion<const N extends string>(
  row: Described<N> & { readonly owner: string; readonly unset: string; readonly text: TextRule },
): Setting<N, never, undefined> {
  return { ...row, kind: 'companion', at: undefined, read: () => ({ ok: true, value: undefined }) };
}

/** The rows that have a place in `Config`, as `{ at, value }`. */
type Placed<R> = R extends { readonly at: infer P extends string | undefined; read(...args: never[]): Reading<infer V> }
  ? P extends string
    ? { readonly at: P; readonly value: V }
    : never
  : never;
type Head<P extends string> = P extends `${infer H}.${string}` ? H : P;
type Below<R, K extends string> = R extends { readonly at: `${K}.${infer Rest}`; readonly value: infer V }
  ? { readonly at: Rest; readonly value: V }
  : never;
type Tree<R extends { readonly at: string; readonly value: unknown }> = {
  readonly [K in Head<R['at']>]: K extends R['at'] ? Extract<R, { readonly at: K }>['value'] : Tree<Below<R, K>>;
};
type Merge<A, B> = {
  readonly [K in keyof A | keyof B]: K extends keyof A ? (K extends keyof B ? Merge<A[K], B[K]> : A[K]) : K extends keyof B ? B[K] : never;
};

/** What the loader adds to the rows' values: where secrets and files came from (--print-config), and the secrets to mask. */
export interface Bookkeeping {
  readonly mqtt: { readonly tls: { readonly files: Readonly<Record<string, string>> } };
  /** Every secret value, so the logger can mask it wherever it might appear. */
  readonly secrets: readonly string[];
  /** Where each secret came from, for `--print-config`. */
  readonly secretSources: Readonly<Record<string, string | undefined>>;
}

/** The configuration a table of rows gives: each row's value at its `at`, plus the bookkeeping. */
export type ConfigOf<Row> = Merge<Tree<Placed<Row>>, Bookkeeping>;
