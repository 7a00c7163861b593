/** Topics the broker closes the connection on: named once, dropped after three closes in a row, at that size and above. */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log.js';
import type { Message } from '../../src/core/message.js';
import { ClosingTopics } from '../../src/mqtt/closing-topics.js';

const message = (topic: string, bytes: number): Message => ({ topic, payload: 'x'.repeat(bytes), qos: 1, retain: true });

function closingTopics() {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  return { topics: new ClosingTopics('mqtt://broker', 1000, log), lines };
}

describe('ClosingTopics', () => {
  it('suspects the largest unacknowledged publish, and none once all are acknowledged', () => {
    const { topics } = closingTopics();
    const settledSmall = topics.sending(message('p/a', 10));
    topics.sending(message('p/b', 5000));
    expect(topics.closedOn()?.topic).toBe('p/b');
    settledSmall();
    expect(topics.closedOn()?.topic).toBe('p/b');
    const { topics: other } = closingTopics();
    other.sending(message('p/c', 10))();
    expect(other.closedOn()).toBeUndefined();
  });

  it('names the topic on the first close and drops it on the third, at that size and above only', () => {
    const { topics, lines } = closingTopics();
    const big = message('p/big', 3000);
    expect(topics.closedRightAfter(big)).toBe(false);
    expect(topics.closedRightAfter(big)).toBe(false);
    expect(topics.isDropped(big)).toBe(false);
    expect(topics.closedRightAfter(big)).toBe(true);
    expect(topics.isDropped(big)).toBe(true);
    expect(topics.isDropped(message('p/big', 2999))).toBe(false);
    expect(topics.isDropped(message('p/big', 4000))).toBe(true);
    expect(topics.isDropped(message('p/other', 4000))).toBe(false);
    expect(lines.filter((line) => line.includes('closed the connection right after "p/big" (3000 bytes)'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('"p/big" is not sent any more at 3000 bytes or more'))).toHaveLength(1);
  });
});
