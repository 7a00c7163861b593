import { describe, expect, it } from 'vitest';
import { InMemoryBroker, matches } from './fake-port.js';

describe('the in-memory broker of the command tests', () => {
  it.each([
    ['maison/+/temperature', 'maison/salon/temperature', true],
    ['maison/+/temperature', 'maison/salon/humidity', false],
    ['maison/+/temperature', 'maison/salon/temperature/x', false],
    ['maison/#', 'maison/a/b', true],
    ['maison/#', 'maison', true],
    ['#', '$SYS/x', false],
    ['+/status', '$SYS/status', false],
    ['+/status', 'stats/status', true],
    ['a/b', 'a', false],
  ])('%s matches %s: %s', (filter, topic, result) => {
    expect(matches(filter, topic)).toBe(result);
  });

  it('delivers retained values at subscription and live ones after, clears on an empty retained payload', async () => {
    const broker = new InMemoryBroker();
    broker.send('a/x', '1', true);
    broker.send('a/y', '2', true);
    broker.send('a/y', '', true);
    const seen: string[] = [];
    await broker.port.subscribe(['a/+'], (m) => seen.push(`${m.topic}=${String(m.payload)}:${m.retained}`));
    broker.send('a/z', '3');
    await broker.port.publish([{ topic: 'a/w', payload: '4', retain: true, qos: 1 }]);
    expect(seen).toEqual(['a/x=1:true', 'a/z=3:false', 'a/w=4:false']);
    expect(broker.on('a/w')).toEqual(['4']);
    broker.failing = true;
    await expect(broker.port.publish([])).rejects.toThrow('connection lost');
  });
});
