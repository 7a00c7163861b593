import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../src/aggregate/ports.js';
import { PublishQueue } from '../../src/aggregate/publish-queue.js';

const m = (topic: string, payload: string): OutgoingMessage => ({ topic, payload, retain: true, qos: 1 });

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('PublishQueue', () => {
  it('sends at once, then batches what came while a batch was on its way, one message per topic, the newest', async () => {
    const batches: string[][] = [];
    const acks: ReturnType<typeof deferred>[] = [];
    const queue = new PublishQueue(
      (messages) => {
        batches.push(messages.map((x) => `${x.topic}=${x.payload}`));
        const ack = deferred();
        acks.push(ack);
        return ack.promise;
      },
      () => {},
    );
    queue.push([m('a', '1'), m('b', '1')]);
    queue.push([m('a', '2'), m('c', '1')]);
    queue.push([m('a', '3')]);
    expect(queue.size()).toBe(2);
    acks[0]!.resolve();
    await Promise.resolve();
    await Promise.resolve();
    expect(batches).toEqual([
      ['a=1', 'b=1'],
      ['c=1', 'a=3'],
    ]);
    acks[1]!.resolve();
    await queue.flushed();
    expect(queue.size()).toBe(0);
  });

  it('keeps what failed, unless something newer came for its topic, and sends it with the next push', async () => {
    const errors: unknown[] = [];
    const batches: string[][] = [];
    let fail = true;
    const first = deferred();
    const queue = new PublishQueue(
      async (messages) => {
        batches.push(messages.map((x) => `${x.topic}=${x.payload}`));
        if (fail) {
          fail = false;
          await first.promise;
        }
      },
      (error) => errors.push(error),
    );
    queue.push([m('a', '1'), m('b', '1')]);
    queue.push([m('b', '2')]);
    first.reject(new Error('broker gone'));
    await queue.flushed();
    expect(errors.map(String)).toEqual(['Error: broker gone']);
    expect(queue.size()).toBe(2);
    queue.push([m('c', '1')]);
    await queue.flushed();
    expect(batches).toEqual([
      ['a=1', 'b=1'],
      ['b=2', 'a=1', 'c=1'],
    ]);
    expect(queue.size()).toBe(0);
  });

  it('flushed resolves at once when idle', async () => {
    const queue = new PublishQueue(
      async () => {},
      () => {},
    );
    await queue.flushed();
    expect(queue.size()).toBe(0);
  });
});
