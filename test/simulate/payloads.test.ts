import { describe, expect, it } from 'vitest';
import { JSON_GARBAGE, PLAIN_GARBAGE } from '../../src/simulate/garbage.js';
import { formatQuantities, roomSlots } from '../../src/simulate/payloads.js';
import type { Random } from '../../src/simulate/random.js';
import { tamper } from '../../src/simulate/tamper.js';
import { ROOM_QUANTITIES, roomObjectTopic, roomQuantityTopic, roomStatusTopic } from '../../src/topics/home.js';

describe('the house topics', () => {
  it('are <prefix>/<room>/<quantity>, <prefix>/<room>/status and <prefix>/<room>', () => {
    expect(ROOM_QUANTITIES).toEqual(['temperature', 'humidity', 'luminosity']);
    expect(roomQuantityTopic('maison', 'salon', 'humidity')).toBe('maison/salon/humidity');
    expect(roomStatusTopic('home/sensors', 'cuisine')).toBe('home/sensors/cuisine/status');
    expect(roomObjectTopic('maison', 'chambre')).toBe('maison/chambre');
  });
});

describe('payloads', () => {
  const reading = { temperature: 21, humidity: 48, luminosity: 310 };

  it('give °C always with one decimal, like a DHT22, and whole % and lux', () => {
    expect(formatQuantities(reading)).toEqual({ temperature: '21.0', humidity: '48', luminosity: '310' });
    expect(formatQuantities({ temperature: -3.5, humidity: 100, luminosity: 0 })).toEqual({
      temperature: '-3.5',
      humidity: '100',
      luminosity: '0',
    });
  });

  it('are one plain message per quantity', () => {
    expect(roomSlots('maison', 'salon', { ...reading, temperature: 21.3 }, 'plain')).toEqual([
      { topic: 'maison/salon/temperature', payload: '21.3' },
      { topic: 'maison/salon/humidity', payload: '48' },
      { topic: 'maison/salon/luminosity', payload: '310' },
    ]);
  });

  it('or one JSON object per room, as Zigbee2MQTT devices publish', () => {
    const [slot, ...rest] = roomSlots('maison', 'salon', { ...reading, temperature: 21.3 }, 'json');
    expect(rest).toEqual([]);
    expect(slot).toEqual({ topic: 'maison/salon', payload: '{"temperature":21.3,"humidity":48,"luminosity":310}' });
    expect(JSON.parse(roomSlots('maison', 'salon', reading, 'json')[0]!.payload)).toEqual(reading);
    expect(roomSlots('maison', 'salon', reading, 'json')[0]!.payload).toContain('"temperature":21.0,');
  });
});

describe('garbage', () => {
  const asNumber = (p: string) => (/^-?\d+(\.\d+)?$/.test(p.trim()) ? Number(p) : undefined);

  it('holds nothing a careful reader takes for a plausible plain reading', () => {
    for (const payload of PLAIN_GARBAGE) {
      const value = asNumber(payload);
      if (value !== undefined) expect(value < -90 || value > 100 || Buffer.byteLength(payload) > 1024, payload).toBe(true);
    }
    expect(PLAIN_GARBAGE).toContain('');
    expect(PLAIN_GARBAGE.some((p) => Buffer.byteLength(p) > 1024)).toBe(true);
  });

  it('holds no JSON object with a plausible temperature of a short payload', () => {
    for (const payload of JSON_GARBAGE) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload);
      } catch {
        continue;
      }
      const t = (parsed as { temperature?: unknown } | null)?.temperature;
      const plausible = typeof t === 'number' && Number.isFinite(t) && t > -90 && t < 100;
      expect(!plausible || Buffer.byteLength(payload) > 1024, payload).toBe(true);
    }
    expect(JSON_GARBAGE.some((p) => Buffer.byteLength(p) > 1024)).toBe(true);
  });
});

describe('tamper', () => {
  const slot = { topic: 'maison/salon/temperature', payload: '21.3' };
  const none = { disconnected: false, stuck: false, loss: 0, garbage: 0 };
  const drawing = (...values: number[]) => {
    let i = 0;
    const random: Random = { next: () => values[i++ % values.length]!, gaussian: () => 0 };
    return { random, drawn: () => i };
  };

  it('sends the message as it was without faults, after three draws', () => {
    const { random, drawn } = drawing(0, 0, 0);
    expect(tamper(slot, none, random, ['x'])).toBe(slot);
    expect(drawn()).toBe(3);
  });

  it('loses it when the first draw is under the loss', () => {
    expect(tamper(slot, { ...none, loss: 0.5 }, drawing(0.49, 0, 0).random, ['x'])).toBeUndefined();
    expect(tamper(slot, { ...none, loss: 0.5 }, drawing(0.5, 0.9, 0).random, ['x'])).toBe(slot);
    expect(tamper(slot, { ...none, loss: 1 }, drawing(0.999, 0, 0).random, ['x'])).toBeUndefined();
  });

  it('spoils it when the second draw is under the garbage share, picking by the third', () => {
    const garbage = ['a', 'b', 'c', 'd'];
    const { random, drawn } = drawing(0, 0.09, 0.5);
    expect(tamper(slot, { ...none, garbage: 0.1 }, random, garbage)).toEqual({ topic: slot.topic, payload: 'c' });
    expect(drawn()).toBe(3);
    expect(tamper(slot, { ...none, garbage: 0.1 }, drawing(0, 0.1, 0).random, garbage)).toBe(slot);
    expect(tamper(slot, { ...none, garbage: 1 }, drawing(0, 0.5, 0.999).random, garbage)!.payload).toBe('d');
    expect(tamper(slot, { ...none, garbage: 1 }, drawing(0, 0.5, 0).random, garbage)!.payload).toBe('a');
  });

  it('loses before it spoils', () => {
    expect(tamper(slot, { ...none, loss: 1, garbage: 1 }, drawing(0.5, 0, 0).random, ['x'])).toBeUndefined();
  });
});
