import { expect, it } from 'vitest';
import { Window } from '../../src/mqtt/window.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

it('never runs more than its size, even when a newcomer arrives as slots free up', async () => {
  const window = new Window(2);
  let running = 0;
  let peak = 0;
  const gates = Array.from({ length: 6 }, deferred);
  const task = (i: number) => () => {
    running++;
    peak = Math.max(peak, running);
    return gates[i]!.promise.then(() => {
      running--;
    });
  };
  const all = [0, 1, 2, 3].map((i) => window.run(task(i)));
  await Promise.resolve();
  expect(running).toBe(2);
  // Two finish in the same tick while two wait; then a newcomer arrives right away.
  gates[0]!.resolve();
  gates[1]!.resolve();
  await Promise.resolve();
  all.push(window.run(task(4)));
  for (let i = 0; i < 10; i++) await Promise.resolve();
  expect(peak).toBe(2);
  for (const gate of gates) gate.resolve();
  await Promise.all(all);
  expect(peak).toBe(2);
  expect(window.inFlight).toBe(0);
});

it('runs tasks in arrival order and passes results and errors through', async () => {
  const window = new Window(1);
  const order: number[] = [];
  const results = await Promise.allSettled(
    [1, 2, 3].map((n) =>
      window.run(async () => {
        order.push(n);
        if (n === 2) throw new Error('two');
        return n * 10;
      }),
    ),
  );
  expect(order).toEqual([1, 2, 3]);
  expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([10, 'two', 30]);
});
