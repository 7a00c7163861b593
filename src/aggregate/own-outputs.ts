import { ALERTS_LEVEL, aggregatorStatusTopic, groupTopic, isUnderPrefix } from '../topics/aggregate.js';
import type { Source } from './sources.js';

/**
 * The aggregator must never average its own averages. A source whose filter reads only topics
 * under `AGG_PREFIX/` is refused at start; one whose `+` level falls inside the prefix (`+/x/y`
 * with the prefix `stats`) could read them through one member (`stats`): those messages are
 * ignored as they come (every topic under `AGG_PREFIX/` is, see `Aggregation.accept`).
 */
export function readsOwnOutputs(source: Pick<Source, 'before' | 'after'>, prefix: string): 'all' | 'some' | undefined {
  const levels = [...source.before, '+', ...source.after];
  const ours = prefix.split('/');
  if (levels.length <= ours.length) return undefined;
  for (let i = 0; i < ours.length; i++) if (levels[i] !== '+' && levels[i] !== ours[i]) return undefined;
  return source.before.length >= ours.length ? 'all' : 'some';
}

/** What is wrong with these sources under this prefix: own outputs read back, two groups on one topic, a group on a reserved topic. */
export function ownOutputProblems(sources: readonly Source[], prefix: string): string[] {
  const problems: string[] = [];
  const owners = new Map<string, Source>();
  const status = aggregatorStatusTopic(prefix);
  const alerts = `${prefix}/${ALERTS_LEVEL}`;
  for (const source of sources) {
    if (readsOwnOutputs(source, prefix) === 'all') {
      problems.push(
        `AGG_SOURCES entry "${source.entry}" reads the aggregator's own outputs (under AGG_PREFIX=${prefix}): it would average its own averages; take it out of AGG_SOURCES or set another AGG_PREFIX`,
      );
      continue;
    }
    const topic = groupTopic(prefix, source);
    if (topic === status || topic === alerts || isUnderPrefix(topic, alerts)) {
      problems.push(
        `AGG_SOURCES entry "${source.entry}" would publish its mean on ${topic}, which the aggregator keeps for its ${topic === status ? 'status' : 'alerts'}: name a key (:key) or read another topic`,
      );
      continue;
    }
    const other = owners.get(topic);
    if (other) {
      problems.push(
        `AGG_SOURCES entries "${other.entry}" and "${source.entry}" would both publish their mean on ${topic}: keep one, or name a key (:key) in one of them`,
      );
      continue;
    }
    owners.set(topic, source);
  }
  return problems;
}
