import { payloadText } from './text.js';
import { REFUSAL_REASONS, REFUSAL_TEXT, type RefusalReason } from './payload.js';

export type RefusalCounts = Record<RefusalReason, number>;

export function emptyCounts(): RefusalCounts {
  return Object.fromEntries(REFUSAL_REASONS.map((reason) => [reason, 0])) as RefusalCounts;
}

/** Only the reasons seen, for the summary: `{"not-a-number":3}`. */
export function nonZero(counts: RefusalCounts): Partial<RefusalCounts> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

/**
 * "Log once per member and reason": a bounded set of the keys already logged. When it is full,
 * nothing new is logged, and `note` says `full` once so the caller can say so.
 */
export class OncePerKey {
  private readonly seen = new Set<string>();
  private saidFull = false;

  constructor(private readonly capacity: number) {}

  note(key: string): 'first' | 'again' | 'full' {
    if (this.seen.has(key)) return 'again';
    if (this.seen.size >= this.capacity) {
      if (this.saidFull) return 'again';
      this.saidFull = true;
      return 'full';
    }
    this.seen.add(key);
    return 'first';
  }
}

const SNIPPET_CHARS = 40;

/** An untrusted payload made safe for one log line: at most 40 characters, anything but printable ASCII escaped. */
export function snippet(payload: Uint8Array | string): string {
  const text = payloadText(payload);
  const cut = text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text;
  const escaped = cut
    .replace(/["\\]/g, '\\$&')
    .replace(/[^\x20-\x7e\u2026]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

export function refusalLine(topic: string, reason: RefusalReason, payload: Uint8Array | string): string {
  return `${topic}: refused ${snippet(payload)}, ${REFUSAL_TEXT[reason]}; further refusals of this kind from this member are counted, not logged`;
}

export const REFUSALS_FULL_LINE =
  'refused payloads from too many members and reasons to log each once: further ones are counted (in each summary) but not logged';
