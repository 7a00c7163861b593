/**
 * `owm2mqtt simulate` on an in-memory broker and a fake clock: clients, Last Wills, timing, seeds,
 * speed, formats, faults and the live outdoor temperature.
 */
import { describe, expect, it } from 'vitest';
import { startSimulation } from '../../src/simulate/command.js';
import { PLAIN_GARBAGE } from '../../src/simulate/garbage.js';
import { parseSimSettings } from '../../src/simulate/settings.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeBroker, type Seen } from './fake-broker.js';

const WALL = Date.UTC(2026, 0, 15, 10);

function simulate(env: Record<string, string> = {}, options: { acceptAtOnce?: boolean } = {}) {
  const parsed = parseSimSettings({ SIM_SEED: '42', SIM_START: '2026-01-15T10:00:00Z', ...env });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const clock = new FakeClock(WALL);
  const broker = new FakeBroker(options.acceptAtOnce ?? true);
  const lines: string[] = [];
  const log = { info: (l: string) => lines.push(`INFO ${l}`), warn: (l: string) => lines.push(`WARN ${l}`) };
  const simulation = startSimulation(parsed.settings, { broker, clock, log, newSeed: () => 'fresh' });
  return { clock, broker, lines, simulation };
}

/** What a room published, tick by tick: its three payloads, or undefined for a tick without them. */
const byClient = (seen: readonly Seen[], clientId: string) => seen.filter((m) => m.clientId === clientId && !m.will);
const values = (seen: readonly Seen[], room: string) =>
  seen.filter((m) => m.topic.startsWith(`maison/${room}/`) && !m.topic.endsWith('/status')).map((m) => `${m.topic} ${m.payload}`);
/** The payloads of the n-th publish of each quantity topic of `room`. */
const ticks = (broker: FakeBroker, room: string) => {
  const t = broker.payloads(`maison/${room}/temperature`);
  const h = broker.payloads(`maison/${room}/humidity`);
  const l = broker.payloads(`maison/${room}/luminosity`);
  return t.map((_, i) => [t[i], h[i], l[i]].join(' '));
};

describe('owm2mqtt simulate: clients and status', () => {
  it('makes each room a client of its own, with its Last Will offline, retained, on <prefix>/<room>/status', () => {
    const { broker } = simulate();
    expect(broker.sessions.map((s) => s.options.clientId)).toEqual(['owm2mqtt-sim-salon', 'owm2mqtt-sim-cuisine', 'owm2mqtt-sim-chambre']);
    expect(broker.sessions.map((s) => s.options.will)).toEqual(
      ['salon', 'cuisine', 'chambre'].map((room) => ({ topic: `maison/${room}/status`, payload: 'offline', qos: 1, retain: true })),
    );
  });

  it('says online on connecting, then publishes the three readings, retained at QoS 1', () => {
    const { broker } = simulate();
    const salon = byClient(broker.seen, 'owm2mqtt-sim-salon');
    expect(salon.map(({ topic, qos, retain }) => ({ topic, qos, retain }))).toEqual([
      { topic: 'maison/salon/status', qos: 1, retain: true },
      { topic: 'maison/salon/temperature', qos: 1, retain: true },
      { topic: 'maison/salon/humidity', qos: 1, retain: true },
      { topic: 'maison/salon/luminosity', qos: 1, retain: true },
    ]);
    expect(salon[0]!.payload).toBe('online');
    expect(salon[1]!.payload).toMatch(/^\d{1,2}\.\d$/);
    expect(salon[2]!.payload).toMatch(/^\d{1,3}$/);
    expect(salon[3]!.payload).toMatch(/^\d+$/);
  });

  it('takes SIM_QOS, SIM_RETAIN (the status stays retained), HOME_PREFIX and SIM_CLIENT_ID_PREFIX', () => {
    const { broker } = simulate({
      SIM_QOS: '0',
      SIM_RETAIN: 'false',
      HOME_PREFIX: 'home/sensors',
      SIM_ROOMS: 'bureau',
      SIM_CLIENT_ID_PREFIX: 'h-',
    });
    expect(broker.sessions.map((s) => s.options.clientId)).toEqual(['h-bureau']);
    expect(broker.seen.map(({ topic, qos, retain }) => `${topic} ${qos} ${retain}`)).toEqual([
      'home/sensors/bureau/status 0 true',
      'home/sensors/bureau/temperature 0 false',
      'home/sensors/bureau/humidity 0 false',
      'home/sensors/bureau/luminosity 0 false',
    ]);
    expect(broker.sessions[0]!.options.will).toEqual({ topic: 'home/sensors/bureau/status', payload: 'offline', qos: 0, retain: true });
  });

  it('on stop, publishes offline itself (a clean DISCONNECT sends no Will), ends every session, and publishes nothing more', async () => {
    const { broker, clock, simulation, lines } = simulate({ SIM_OUTDOOR_TOPIC: 'exterieur/toulouse/temperature' });
    clock.advance(2000);
    await simulation.stop();
    expect(broker.sessions.map((s) => s.state)).toEqual(['ended', 'ended', 'ended']);
    expect(['salon', 'cuisine', 'chambre'].map((room) => broker.retained.get(`maison/${room}/status`))).toEqual([
      'offline',
      'offline',
      'offline',
    ]);
    expect(broker.seen.filter((m) => m.will)).toEqual([]);
    expect(broker.followers.map((f) => f.closed)).toEqual([true]);
    const count = broker.seen.length;
    clock.advance(10_000);
    expect(broker.seen).toHaveLength(count);
    await simulation.stop();
    expect(broker.seen).toHaveLength(count);
    expect(lines.at(-1)).toBe('INFO simulate: stopped; every room is offline');
  });

  it('logs what it does, and the seed that repeats the run', () => {
    const { lines, simulation } = simulate({ SIM_SEED: '', SIM_FAULTS: 'cuisine:silent@3s+2s;*:garbage~0.07' });
    expect(simulation.seed).toBe('fresh');
    expect(lines.slice(0, 4)).toEqual([
      'INFO simulate: 3 rooms (salon, cuisine, chambre) on maison/<room>/{temperature,humidity,luminosity} every 1000 ms, QoS 1, retained',
      'INFO simulate: simulated time from 2026-01-15T10:00:00.000Z at 1× real time, outdoor temperature from a daily cycle; SIM_SEED=fresh SIM_START=2026-01-15T10:00:00.000Z repeats this run',
      'INFO SIM_FAULTS cuisine:silent@3s+2s: cuisine publishes nothing (and stays online)',
      'INFO SIM_FAULTS *:garbage~0.07: every room sends garbage instead of 7 % of its messages',
    ]);
    const json = simulate({
      SIM_FORMAT: 'json',
      SIM_ROOMS: 'salon',
      SIM_RETAIN: 'off',
      SIM_OUTDOOR_TOPIC: 'exterieur/toulouse/temperature',
      SIM_SPEED: '60',
    });
    expect(json.lines.slice(0, 2)).toEqual([
      'INFO simulate: 1 room (salon) on maison/<room> every 1000 ms, QoS 1',
      'INFO simulate: simulated time from 2026-01-15T10:00:00.000Z at 60× real time, outdoor temperature from exterieur/toulouse/temperature (a daily cycle until a value comes); SIM_SEED=42 SIM_START=2026-01-15T10:00:00.000Z repeats this run, the live outdoor temperature aside',
    ]);
  });
});

describe('owm2mqtt simulate: time', () => {
  it('publishes a reading at the start, then every SIM_INTERVAL_MS', () => {
    const { broker, clock } = simulate({ SIM_INTERVAL_MS: '500' });
    expect(broker.payloads('maison/salon/temperature')).toHaveLength(1);
    clock.advance(499);
    expect(broker.payloads('maison/salon/temperature')).toHaveLength(1);
    clock.advance(1);
    expect(broker.payloads('maison/salon/temperature')).toHaveLength(2);
    clock.advance(2000);
    expect(broker.payloads('maison/salon/temperature')).toHaveLength(6);
    expect(clock.sleeps.every((ms) => ms === 500)).toBe(true);
  });

  it('repeats the run byte for byte with the same SIM_SEED and SIM_START, and not with another seed', () => {
    const run = (env: Record<string, string> = {}) => {
      const { broker, clock } = simulate(env);
      clock.advance(100_000);
      return broker.seen;
    };
    const first = run();
    expect(first.length).toBe(3 + 101 * 3 * 3);
    expect(run()).toEqual(first);
    expect(run({ SIM_SEED: '43' })).not.toEqual(first);
    expect(run({ SIM_START: '2026-01-15T10:00:01Z' })).not.toEqual(first);
  });

  it('after a late wake-up publishes only the reading due now, the same as an on-time run', () => {
    const onTime = simulate();
    onTime.clock.advance(10_000);
    const late = simulate();
    late.clock.stall(5500);
    late.clock.advance(4500);
    const expected = ticks(onTime.broker, 'cuisine');
    expect(ticks(late.broker, 'cuisine')).toEqual([expected[0], ...expected.slice(5)]);
    expect(late.clock.sleeps.at(-1)).toBe(1000);
  });

  it('runs simulated time SIM_SPEED times faster: an hour a second at 3600', () => {
    const lightAt = (speed: string, seconds: number) => {
      // 00:00 local solar time in Toulouse.
      const { broker, clock } = simulate({ SIM_SPEED: speed, SIM_START: '2026-06-21T23:54:14Z' });
      clock.advance(seconds * 1000);
      return Number(broker.payloads('maison/salon/luminosity').at(-1));
    };
    expect(lightAt('3600', 0)).toBe(0);
    expect(lightAt('3600', 12)).toBeGreaterThan(300);
    expect(lightAt('1', 12)).toBe(0);
    expect(lightAt('3600', 24)).toBe(0);
  });
});

describe('owm2mqtt simulate: SIM_FORMAT=json', () => {
  it('publishes one object per room on <prefix>/<room>, with the status beside it', () => {
    const { broker, clock } = simulate({ SIM_FORMAT: 'json' });
    clock.advance(1000);
    const salon = byClient(broker.seen, 'owm2mqtt-sim-salon');
    expect(salon.map((m) => m.topic)).toEqual(['maison/salon/status', 'maison/salon', 'maison/salon']);
    const object = JSON.parse(salon[1]!.payload) as Record<string, number>;
    expect(Object.keys(object)).toEqual(['temperature', 'humidity', 'luminosity']);
    expect(salon[1]!.payload).toMatch(/^\{"temperature":-?\d+\.\d,"humidity":\d+,"luminosity":\d+\}$/);
    // The same values as the plain format.
    const plain = simulate();
    expect(ticks(plain.broker, 'salon')[0]).toBe(`${object.temperature!.toFixed(1)} ${object.humidity} ${object.luminosity}`);
  });
});

describe('owm2mqtt simulate: the outdoor temperature', () => {
  it('follows SIM_OUTDOOR_TOPIC: a heat wave there warms the rooms (heating at 5 °C, an hour a second)', () => {
    const run = (payload?: string) => {
      const sim = simulate({
        SIM_OUTDOOR_TOPIC: 'exterieur/toulouse/temperature',
        SIM_SETPOINT_DAY: '5',
        SIM_SETPOINT_NIGHT: '5',
        SIM_SPEED: '3600',
      });
      expect(sim.broker.followers.map((f) => f.topic)).toEqual(['exterieur/toulouse/temperature']);
      if (payload !== undefined) sim.broker.deliver('exterieur/toulouse/temperature', payload);
      sim.clock.advance(48_000);
      return { temperature: Number(sim.broker.payloads('maison/salon/temperature').at(-1)), lines: sim.lines };
    };
    const cycle = run();
    expect(cycle.temperature).toBeLessThan(20);
    const hot = run('35');
    expect(hot.temperature).toBeGreaterThan(30);
    expect(hot.lines).toContain('INFO SIM_OUTDOOR_TOPIC exterieur/toulouse/temperature: 35 °C outdoors, followed from now on');
    const garbage = run('unavailable');
    expect(garbage.temperature).toBe(cycle.temperature);
    expect(garbage.lines.filter((l) => l.startsWith('WARN'))).toHaveLength(1);
  });
});

describe('owm2mqtt simulate: faults', () => {
  it('silent: the room publishes nothing in its window, stays online, and the others go on', () => {
    const { broker, clock, lines } = simulate({ SIM_FAULTS: 'cuisine:silent@3s+2s' });
    const clean = simulate();
    clock.advance(7000);
    clean.clock.advance(7000);
    const expected = ticks(clean.broker, 'cuisine');
    expect(ticks(broker, 'cuisine')).toEqual([...expected.slice(0, 3), ...expected.slice(5)]);
    expect(broker.payloads('maison/cuisine/status')).toEqual(['online']);
    expect(ticks(broker, 'salon')).toEqual(ticks(clean.broker, 'salon'));
    expect(lines).toEqual(
      expect.arrayContaining(['INFO SIM_FAULTS cuisine:silent@3s+2s: starts at 3 s', 'INFO SIM_FAULTS cuisine:silent@3s+2s: ends at 5 s']),
    );
  });

  it('silent~p: loses about that share of the messages', () => {
    const { broker, clock } = simulate({ SIM_FAULTS: 'salon:silent~0.5', SIM_ROOMS: 'salon' });
    clock.advance(199_000);
    const share = 1 - values(broker.seen, 'salon').length / 600;
    expect(share).toBeGreaterThan(0.42);
    expect(share).toBeLessThan(0.58);
  });

  it('stuck: the room repeats the values of the tick before, then moves on', () => {
    const { broker, clock } = simulate({ SIM_FAULTS: 'salon:stuck@3s+3s' });
    const clean = simulate();
    clock.advance(8000);
    clean.clock.advance(8000);
    const expected = ticks(clean.broker, 'salon');
    expect(ticks(broker, 'salon')).toEqual([...expected.slice(0, 3), expected[2], expected[2], expected[2], ...expected.slice(6)]);
    expect(new Set(expected.slice(2, 6)).size).toBeGreaterThan(1);
  });

  it('stuck from the start: the first values, for ever', () => {
    const { broker, clock } = simulate({ SIM_FAULTS: 'salon:stuck' });
    clock.advance(5000);
    expect(new Set(ticks(broker, 'salon'))).toEqual(new Set([ticks(broker, 'salon')[0]]));
  });

  it('garbage: payloads from the garbage list, on the room’s own topics; the readings otherwise unchanged', () => {
    const { broker, clock } = simulate({ SIM_FAULTS: 'salon:garbage' });
    clock.advance(20_000);
    const salon = broker.seen.filter((m) => m.topic.startsWith('maison/salon/') && m.topic !== 'maison/salon/status');
    expect(salon).toHaveLength(63);
    for (const m of salon) expect(PLAIN_GARBAGE).toContain(m.payload);
    expect(new Set(salon.map((m) => m.payload)).size).toBeGreaterThan(5);
    const clean = simulate();
    clean.clock.advance(20_000);
    expect(ticks(broker, 'cuisine')).toEqual(ticks(clean.broker, 'cuisine'));
  });

  it('garbage~p: spoils about that share; the rest is what a clean run sends', () => {
    const { broker, clock } = simulate({ SIM_FAULTS: '*:garbage~0.5', SIM_ROOMS: 'chambre' });
    const clean = simulate({ SIM_ROOMS: 'chambre' });
    clock.advance(199_000);
    clean.clock.advance(199_000);
    const got = values(broker.seen, 'chambre');
    const want = values(clean.broker.seen, 'chambre');
    expect(got).toHaveLength(600);
    const spoiled = got.filter((m, i) => m !== want[i]);
    expect(spoiled.length / got.length).toBeGreaterThan(0.42);
    expect(spoiled.length / got.length).toBeLessThan(0.58);
    for (const m of spoiled) expect(PLAIN_GARBAGE).toContain(m.slice(m.indexOf(' ') + 1));
  });

  it('garbage in JSON: payloads from the JSON garbage list', async () => {
    const { JSON_GARBAGE } = await import('../../src/simulate/garbage.js');
    const { broker, clock } = simulate({ SIM_FAULTS: 'salon:garbage', SIM_FORMAT: 'json' });
    clock.advance(10_000);
    const payloads = broker.payloads('maison/salon');
    expect(payloads).toHaveLength(11);
    for (const p of payloads) expect(JSON_GARBAGE).toContain(p);
  });

  it('disconnect: cut without DISCONNECT (the broker publishes offline), back with a new session, online, and the latest values', () => {
    const { broker, clock, lines } = simulate({ SIM_FAULTS: 'salon:disconnect@3s+2s' });
    const clean = simulate();
    clock.advance(3000);
    clean.clock.advance(7000);
    const [first] = broker.sessionsOf('owm2mqtt-sim-salon');
    expect(first!.state).toBe('dropped');
    expect(broker.retained.get('maison/salon/status')).toBe('offline');
    expect(broker.seen.filter((m) => m.will).map((m) => `${m.clientId} ${m.topic} ${m.payload}`)).toEqual([
      'owm2mqtt-sim-salon maison/salon/status offline',
    ]);
    clock.advance(1000);
    expect(broker.sessionsOf('owm2mqtt-sim-salon')).toHaveLength(1);
    clock.advance(1000);
    const sessions = broker.sessionsOf('owm2mqtt-sim-salon');
    expect(sessions).toHaveLength(2);
    expect(sessions[1]!.state).toBe('connected');
    expect(broker.retained.get('maison/salon/status')).toBe('online');
    clock.advance(2000);
    const expected = ticks(clean.broker, 'salon');
    expect(ticks(broker, 'salon')).toEqual([...expected.slice(0, 3), ...expected.slice(5)]);
    expect(lines).toContain('INFO SIM_FAULTS salon:disconnect@3s+2s: starts at 3 s');
  });
});

describe('owm2mqtt simulate: a broker away or restarting', () => {
  it('publishes nothing until connected, then online and the latest reading only', () => {
    const { broker, clock } = simulate({ SIM_ROOMS: 'salon' }, { acceptAtOnce: false });
    clock.advance(5000);
    expect(broker.seen).toEqual([]);
    broker.sessions[0]!.accept();
    const clean = simulate({ SIM_ROOMS: 'salon' });
    clean.clock.advance(5000);
    expect(broker.payloads('maison/salon/status')).toEqual(['online']);
    expect(ticks(broker, 'salon')).toEqual([ticks(clean.broker, 'salon')[5]]);
    clock.advance(1000);
    clean.clock.advance(1000);
    expect(ticks(broker, 'salon')).toEqual(ticks(clean.broker, 'salon').slice(5));
  });

  it('after a lost connection, publishes nothing until reconnected, then online again', () => {
    const { broker, clock } = simulate({ SIM_ROOMS: 'salon' }, { acceptAtOnce: true });
    clock.advance(1000);
    const session = broker.sessions[0]!;
    session.lose();
    expect(broker.retained.get('maison/salon/status')).toBe('offline');
    clock.advance(3000);
    expect(broker.payloads('maison/salon/temperature')).toHaveLength(2);
    session.accept();
    expect(broker.retained.get('maison/salon/status')).toBe('online');
    expect(broker.payloads('maison/salon/temperature')).toHaveLength(3);
    expect(broker.sessions).toHaveLength(1);
  });

  it('on stop while the broker is away, ends the session without publishing', async () => {
    const { broker, simulation } = simulate({ SIM_ROOMS: 'salon' }, { acceptAtOnce: false });
    await simulation.stop();
    expect(broker.sessions[0]!.state).toBe('ended');
    expect(broker.seen).toEqual([]);
  });
});
