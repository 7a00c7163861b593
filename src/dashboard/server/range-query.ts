/** The query of GET /api/range, checked: nothing from the URL reaches the history unchecked. */
export interface RangeQuery {
  readonly from: number;
  readonly to: number;
  readonly maxPoints: number;
  readonly topics: readonly string[];
}

export const MAX_RANGE_MS = 400 * 24 * 3600_000;
export const MAX_POINTS = 4000;
export const MAX_TOPICS_PER_REQUEST = 200;
const MAX_TOPIC_LENGTH = 1024;
const WHOLE = /^\d{1,16}$/;

export type RangeQueryResult = { ok: true; query: RangeQuery } | { ok: false; error: string };

export function parseRangeQuery(params: URLSearchParams): RangeQueryResult {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const maxPoints = params.get('maxPoints') ?? '';
  if (!WHOLE.test(from) || !WHOLE.test(to)) return { ok: false, error: 'from and to must be times in epoch milliseconds' };
  if (Number(to) <= Number(from)) return { ok: false, error: 'to must be later than from' };
  if (Number(to) - Number(from) > MAX_RANGE_MS) return { ok: false, error: 'the range must be at most 400 days' };
  if (!WHOLE.test(maxPoints) || Number(maxPoints) < 1 || Number(maxPoints) > MAX_POINTS) {
    return { ok: false, error: `maxPoints must be a whole number from 1 to ${MAX_POINTS}` };
  }
  const topics = [...new Set(params.getAll('topic'))];
  if (topics.length === 0) return { ok: false, error: 'name at least one topic' };
  if (topics.length > MAX_TOPICS_PER_REQUEST) return { ok: false, error: `at most ${MAX_TOPICS_PER_REQUEST} topics per request` };
  if (topics.some((topic) => topic.length === 0 || topic.length > MAX_TOPIC_LENGTH)) {
    return { ok: false, error: `a topic must have 1 to ${MAX_TOPIC_LENGTH} characters` };
  }
  return { ok: true, query: { from: Number(from), to: Number(to), maxPoints: Number(maxPoints), topics } };
}
