import { describe, expect, it } from 'vitest';
import { RoomClient } from '../../src/simulate/room-client.js';
import { FakeBroker } from './fake-broker.js';

const slots = (value: string) => [{ topic: 'maison/salon/temperature', payload: value }];
const client = (broker: FakeBroker) =>
  new RoomClient({ broker, prefix: 'maison', room: 'salon', clientId: 'c-salon', qos: 2, retain: false });
const seen = (broker: FakeBroker) => broker.seen.map((m) => `${m.topic} ${m.payload}${m.will ? ' (will)' : ''}`);

describe('RoomClient', () => {
  it('keeps only the latest readings while connecting, and sends them after online', () => {
    const broker = new FakeBroker(false);
    const room = client(broker);
    room.connect();
    room.connect();
    expect(broker.sessions).toHaveLength(1);
    room.send(slots('1.0'));
    room.send(slots('2.0'));
    expect(room.isConnected).toBe(false);
    broker.sessions[0]!.accept();
    expect(room.isConnected).toBe(true);
    room.send(slots('3.0'));
    expect(seen(broker)).toEqual(['maison/salon/status online', 'maison/salon/temperature 2.0', 'maison/salon/temperature 3.0']);
    expect(broker.seen.map((m) => `${m.qos} ${m.retain}`)).toEqual(['2 true', '2 false', '2 false']);
  });

  it('forgets what it kept when cut off, and ignores the callbacks of a dropped session', () => {
    const broker = new FakeBroker(false);
    const room = client(broker);
    room.connect();
    room.send(slots('1.0'));
    room.drop();
    room.drop();
    const old = broker.sessions[0]!;
    expect(old.state).toBe('dropped');
    room.connect();
    old.state = 'connecting';
    old.accept();
    expect(room.isConnected).toBe(false);
    broker.sessions[1]!.accept();
    expect(seen(broker)).toEqual(['maison/salon/status online']);
    old.state = 'connected';
    old.lose();
    expect(room.isConnected).toBe(true);
  });

  it('marks itself disconnected when the connection is lost, and online again on reconnection', () => {
    const broker = new FakeBroker(true);
    const room = client(broker);
    room.connect();
    broker.sessions[0]!.lose();
    expect(room.isConnected).toBe(false);
    room.send(slots('5.0'));
    broker.sessions[0]!.accept();
    expect(seen(broker)).toEqual([
      'maison/salon/status online',
      'maison/salon/status offline (will)',
      'maison/salon/status online',
      'maison/salon/temperature 5.0',
    ]);
  });

  it('ends cleanly: offline from the room itself when connected, nothing when not, and once', async () => {
    const broker = new FakeBroker(true);
    const room = client(broker);
    await room.end();
    expect(broker.sessions).toHaveLength(0);
    room.connect();
    await room.end();
    await room.end();
    expect(seen(broker)).toEqual(['maison/salon/status online', 'maison/salon/status offline']);
    expect(broker.sessions[0]!.state).toBe('ended');
    expect(room.isConnected).toBe(false);
  });
});
