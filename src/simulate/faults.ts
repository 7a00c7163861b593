/**
 * `SIM_FAULTS`: what goes wrong, in which room, when. Entries separated by ";", each
 *
 *   room:kind[@start][+duration][~probability]
 *
 * `room` is a room of SIM_ROOMS or `*` (every room); `kind` is silent, stuck, garbage or disconnect;
 * `start` and `duration` are real time since the start (500ms, 60s, 1.5m, 2h; defaults: from the start,
 * for ever); `probability` (silent and garbage only, default 1) is the chance of each message.
 */

export const FAULT_KINDS = ['silent', 'stuck', 'garbage', 'disconnect'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  /** The entry as written, for log lines. */
  readonly text: string;
  /** A room, or `*` for every room. */
  readonly room: string;
  readonly kind: FaultKind;
  /** Real ms since the start: active from `startMs`, for `durationMs` (Infinity: to the end). */
  readonly startMs: number;
  readonly durationMs: number;
  /** Each message's chance of being lost (silent) or spoiled (garbage); 1 for stuck and disconnect. */
  readonly probability: number;
}

export const EVERY_ROOM = '*';
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const GRAMMAR = 'room:kind[@start][+duration][~probability] (like cuisine:silent@60s+30s or salon:garbage~0.01)';

/** `60s` → 60000; undefined when not a number followed by ms, s, m or h. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]) * UNITS[match[2]!]!;
  return Number.isFinite(ms) ? ms : undefined;
}

function parseProbability(text: string): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const p = Number(text);
  return p > 0 && p <= 1 ? p : undefined;
}

type Parsed = { ok: true; fault: Fault } | { ok: false; problem: string };

function parseEntry(text: string, rooms: readonly string[]): Parsed {
  const fail = (why: string): Parsed => ({ ok: false, problem: `SIM_FAULTS entry "${text}" ${why}` });
  const match = /^(.+):([a-z]+)(?:@([^+~]*))?(?:\+([^~]*))?(?:~(.*))?$/.exec(text);
  if (!match) return fail(`is not ${GRAMMAR}`);
  const [, room, kind, start, duration, probability] = match as unknown as [string, string, string, string?, string?, string?];
  if (room !== EVERY_ROOM && !rooms.includes(room))
    return fail(`names the room "${room}", which is not in SIM_ROOMS (${rooms.join(', ')}); name one of them, or * for every room`);
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) return fail(`has no fault "${kind}"; the kinds are ${FAULT_KINDS.join(', ')}`);
  const startMs = start === undefined ? 0 : parseDuration(start);
  if (startMs === undefined) return fail(`has a start "@${start}" that is not a duration; write a number and a unit: 500ms, 60s, 2m or 1h`);
  const durationMs = duration === undefined ? Number.POSITIVE_INFINITY : parseDuration(duration);
  if (durationMs === undefined || durationMs === 0)
    return fail(`has a duration "+${duration}" that is not a duration above 0; write a number and a unit: 500ms, 30s, 2m or 1h`);
  if (probability !== undefined && kind !== 'silent' && kind !== 'garbage')
    return fail(`has a probability (~${probability}), which only silent and garbage take`);
  const p = probability === undefined ? 1 : parseProbability(probability);
  if (p === undefined) return fail(`has a probability "~${probability}" that is not a number above 0 and at most 1, like 0.01`);
  return { ok: true, fault: { text, room, kind: kind as FaultKind, startMs, durationMs, probability: p } };
}

export type FaultsResult = { ok: true; faults: readonly Fault[] } | { ok: false; problems: readonly string[] };

/** Every entry of `text`, or every problem; empty entries (a trailing ";") are skipped. */
export function parseFaults(text: string, rooms: readonly string[]): FaultsResult {
  const parsed = text
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => parseEntry(entry, rooms));
  const problems = parsed.flatMap((p) => (p.ok ? [] : [p.problem]));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, faults: parsed.flatMap((p) => (p.ok ? [p.fault] : [])) };
}

/** The faults that concern `room`. */
export function faultsOf(faults: readonly Fault[], room: string): readonly Fault[] {
  return faults.filter((fault) => fault.room === room || fault.room === EVERY_ROOM);
}

export function isActive(fault: Fault, elapsedMs: number): boolean {
  return elapsedMs >= fault.startMs && elapsedMs - fault.startMs < fault.durationMs;
}

/** What a room's active faults do to one tick. */
export interface TickFaults {
  readonly disconnected: boolean;
  readonly stuck: boolean;
  /** The chance that each message is lost, and that it is replaced by garbage. */
  readonly loss: number;
  readonly garbage: number;
}

export function faultsAt(faults: readonly Fault[], elapsedMs: number): TickFaults {
  const active = faults.filter((fault) => isActive(fault, elapsedMs));
  const strongest = (kind: FaultKind) => Math.max(0, ...active.filter((f) => f.kind === kind).map((f) => f.probability));
  return {
    disconnected: active.some((f) => f.kind === 'disconnect'),
    stuck: active.some((f) => f.kind === 'stuck'),
    loss: strongest('silent'),
    garbage: strongest('garbage'),
  };
}
