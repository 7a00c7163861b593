/** When closes of the broker connection read as another client with our MQTT_CLIENT_ID, and when not (docs/reliability.md, broker limits). */
import { describe, expect, it } from 'vitest';
import { TakeoverDetector } from '../../src/mqtt/takeover.js';

const silent = { reasonCode: undefined, errored: false, lastedMs: 1000, unacknowledged: false };

describe('the takeover heuristic', () => {
  it('three silent closes of young connections in a row are an inferred takeover; two are not (a broker restarted twice)', () => {
    const detector = new TakeoverDetector(10_000);
    expect(detector.closed(silent)).toBeUndefined();
    expect(detector.closed(silent)).toBeUndefined();
    expect(detector.closed(silent)).toEqual({ certain: false, waitMs: 10_000, first: true });
  });

  it('a reconnect attempt that finds the broker away restarts the count', () => {
    const detector = new TakeoverDetector(10_000);
    detector.closed(silent);
    detector.closed(silent);
    detector.unreachable();
    expect(detector.closed(silent)).toBeUndefined();
    expect(detector.closed(silent)).toBeUndefined();
  });

  it('a close with one of our publishes unacknowledged (a size limit) does not count, and restarts the count', () => {
    const detector = new TakeoverDetector(10_000);
    detector.closed(silent);
    detector.closed(silent);
    expect(detector.closed({ ...silent, unacknowledged: true })).toBeUndefined();
    expect(detector.closed(silent)).toBeUndefined();
    expect(detector.closed({ ...silent, unacknowledged: true })).toBeUndefined();
  });

  it('a close after an error, or of a connection that lasted 2 × MQTT_RECONNECT_MAX_MS, is no silent close and restarts the count', () => {
    const detector = new TakeoverDetector(10_000);
    detector.closed(silent);
    detector.closed(silent);
    expect(detector.closed({ ...silent, errored: true })).toBeUndefined();
    detector.closed(silent);
    detector.closed(silent);
    // MQTT 5 reason 139, server shutting down: a reason, so not silent.
    expect(detector.closed({ ...silent, reasonCode: 139 })).toBeUndefined();
    detector.closed(silent);
    detector.closed(silent);
    expect(detector.closed({ ...silent, lastedMs: 20_000 })).toBeUndefined();
    detector.closed(silent);
    detector.closed(silent);
    expect(detector.closed({ ...silent, lastedMs: 19_999 })).toEqual({ certain: false, waitMs: 10_000, first: true });
  });

  it('a streak ends with a connection that lasted more than four times the last wait', () => {
    const ended = new TakeoverDetector(10_000);
    ended.closed({ ...silent, reasonCode: 142 });
    expect(ended.closed({ ...silent, reasonCode: 142, lastedMs: 40_001 })).toEqual({ certain: true, waitMs: 10_000, first: true });
    const going = new TakeoverDetector(10_000);
    going.closed({ ...silent, reasonCode: 142 });
    expect(going.closed({ ...silent, reasonCode: 142, lastedMs: 40_000 })).toEqual({ certain: true, waitMs: 20_000, first: false });
  });

  it('MQTT 5 reason 142 is certain at once, and the wait doubles in a streak', () => {
    const detector = new TakeoverDetector(10_000);
    expect(detector.closed({ ...silent, reasonCode: 142 })).toEqual({ certain: true, waitMs: 10_000, first: true });
    expect(detector.closed(silent)).toEqual({ certain: false, waitMs: 20_000, first: false });
  });
});
