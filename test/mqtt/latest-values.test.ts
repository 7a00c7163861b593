/** The daemon's latest value per topic, and publishes held while the broker's own values are read back. */
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/message.js';
import { LatestValues } from '../../src/mqtt/latest-values.js';

const message = (topic: string, payload: string): Message => ({ topic, payload, qos: 1, retain: true });

describe('LatestValues', () => {
  it('keeps the last message of each topic, clears included, and forgets a location by prefix', () => {
    const latest = new LatestValues();
    latest.keep(message('p/oslo/temperature', '1'));
    latest.keep(message('p/oslo/temperature', '2'));
    latest.keep(message('p/oslo/rain_1h', ''));
    latest.keep(message('p/lisbon/temperature', '20'));
    expect(latest.size).toBe(3);
    expect(latest.payload('p/oslo/temperature')).toBe('2');
    expect(latest.payload('p/oslo/rain_1h')).toBe('');
    latest.forgetUnder('p/oslo/');
    expect(latest.toReplay().map((m) => m.topic)).toEqual(['p/lisbon/temperature']);
  });

  it('holds publishes until released; the replay leaves their messages out; a replaced message is not sent', async () => {
    const latest = new LatestValues();
    const first = message('p/a', '1');
    const other = message('p/b', '1');
    latest.keep(first);
    latest.keep(other);
    const release = latest.hold();
    expect(latest.holding).toBe(true);
    const waiting = latest.afterHold([first, other]);
    await Promise.resolve();
    expect(latest.toReplay()).toEqual([]);
    latest.keep(message('p/b', '2'));
    release(true);
    expect(await waiting).toEqual([first]);
    expect(latest.holding).toBe(false);
    expect(latest.toReplay().map((m) => m.payload)).toEqual(['1', '2']);
  });

  it('a release for a connection that is gone lets the waiting publishes wait for the next hold', async () => {
    const latest = new LatestValues();
    const value = message('p/a', '1');
    latest.keep(value);
    const stale = latest.hold();
    const waiting = latest.afterHold([value]);
    const next = latest.hold();
    stale(false);
    let settled = false;
    void waiting.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    next(true);
    expect(await waiting).toEqual([value]);
  });
});
