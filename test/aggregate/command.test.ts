/**
 * `owm2mqtt aggregate` at the logic level: the command against an in-memory broker (which
 * delivers the aggregator's own publishes back to it, as a real one would) and a fake clock.
 * The "Done when" scenarios, with means calculated by hand.
 */
import { describe, expect, it } from 'vitest';
import { startAggregate } from '../../src/aggregate/command.js';
import { parseAggregateSettings } from '../../src/aggregate/settings.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { InMemoryBroker, settle } from './fake-port.js';

const S = 1000;
const START = Date.UTC(2026, 7, 1, 12, 0, 0);

interface Options {
  readonly tty?: boolean;
  readonly discovery?: boolean;
  readonly retained?: readonly (readonly [string, string])[];
  readonly startAt?: number;
}

async function start(env: Record<string, string> = {}, options: Options = {}) {
  const parsed = parseAggregateSettings(env);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const clock = new FakeClock(options.startAt ?? START);
  const broker = new InMemoryBroker();
  for (const [topic, payload] of options.retained ?? []) broker.send(topic, payload, true);
  const log: string[] = [];
  const screen: string[] = [];
  const running = await startAggregate({
    settings: parsed.settings,
    port: broker.port,
    clock,
    log: { warn: (l) => log.push(`WARN ${l}`), info: (l) => log.push(`INFO ${l}`), debug: (l) => log.push(`DEBUG ${l}`) },
    screen: { isTTY: options.tty === true, write: (text) => screen.push(text) },
    ...(options.discovery ? { discovery: { haPrefix: 'homeassistant', version: '9.9.9' } } : {}),
  });
  await settle();
  /** Moves time on by `ms`, one second at a time, calling `each` at every second. */
  const run = async (ms: number, each?: (second: number) => void) => {
    const from = clock.now();
    for (let t = 0; t < ms; t += S) {
      each?.((clock.now() - START) / S);
      clock.advance(Math.min(S, ms - t));
      await settle();
    }
    expect(clock.now()).toBe(from + ms);
  };
  const summary = (topic: string) => JSON.parse(broker.last(`${topic}/summary`)!) as Record<string, unknown>;
  return { broker, clock, log, screen, running, run, summary };
}

describe('aggregate: the means', () => {
  it('three rooms give the means a hand calculation gives, every minute on the minute, retained QoS 1', async () => {
    const { broker, run, summary } = await start();
    await run(60 * S, (t) => {
      if (t === 0) {
        broker.send('maison/salon/temperature', '20');
        broker.send('maison/cuisine/temperature', '22');
        broker.send('maison/chambre/temperature', '18');
      }
      if (t === 30) broker.send('maison/salon/temperature', '23');
      if (t === 45) broker.send('maison/chambre/temperature', '17');
    });
    // salon 20 for 30 s then 23 for 30 s: 21.5; cuisine 22; chambre 18 for 45 s then 17 for 15 s: 17.75.
    // The house: (21.5 + 22 + 17.75) / 3 = 20.4166…
    expect(broker.on('stats/maison/temperature')).toEqual(['20.42']);
    expect(broker.last('stats/maison/salon/temperature')).toBe('21.5');
    expect(broker.last('stats/maison/cuisine/temperature')).toBe('22');
    expect(broker.last('stats/maison/chambre/temperature')).toBe('17.75');
    expect(summary('stats/maison/temperature')).toMatchObject({
      mean: 20.42,
      min: 17,
      max: 23,
      count: 3,
      used: ['chambre', 'cuisine', 'salon'],
      stale: [],
      offline: [],
      window_s: 60,
      at: '2026-08-01T12:01:00Z',
    });
    const means = broker.published.filter((m) => m.topic.startsWith('stats/maison/'));
    expect(means.every((m) => m.retain && m.qos === 1)).toBe(true);
    expect(broker.retained.get('stats/maison/temperature')).toBe('20.42');
    // No humidity, no outdoor temperature: their groups have no mean, and say so in their summary.
    expect(broker.on('stats/maison/humidity')).toEqual([]);
    expect(summary('stats/exterieur/temperature')).toMatchObject({ count: 0, used: [] });
    expect(summary('stats/exterieur/temperature')).not.toHaveProperty('mean');
  });

  it('a room at 1 Hz and a room at one a minute weigh the same', async () => {
    const { broker, run } = await start();
    await run(120 * S, (t) => {
      broker.send('maison/rapide/temperature', '30');
      if (t % 60 === 0) broker.send('maison/lente/temperature', '10');
    });
    expect(broker.on('stats/maison/temperature')).toEqual(['20', '20']);
  });

  it('aligns the periods to the clock: started at 12:00:12.345, the first period ends at 12:01:00', async () => {
    const { broker, run, summary } = await start({ AGG_PERIOD_S: '60' }, { startAt: START + 12_345 });
    broker.send('maison/salon/temperature', '20');
    await run(47_655);
    expect(summary('stats/maison/temperature')).toMatchObject({ at: '2026-08-01T12:01:00Z', window_s: 48, mean: 20 });
    await run(60 * S);
    expect(summary('stats/maison/temperature')).toMatchObject({ at: '2026-08-01T12:02:00Z', window_s: 60 });
  });

  it('publishes at the QoS and retain flag set, under the prefix set', async () => {
    const { broker, run } = await start({ AGG_QOS: '0', AGG_RETAIN: 'false', AGG_PREFIX: 'home/stats', AGG_PERIOD_S: '1' });
    broker.send('maison/salon/temperature', '20');
    await run(S);
    expect(broker.published.filter((m) => m.topic === 'home/stats/maison/temperature')).toEqual([
      { topic: 'home/stats/maison/temperature', payload: '20', retain: false, qos: 0 },
    ]);
    expect(broker.published[0]).toEqual({ topic: 'home/stats/status', payload: 'online', retain: true, qos: 0 });
  });
});

describe('aggregate: the worked example of docs/aggregate.md', () => {
  it('gives its means, its alert records and its lines', async () => {
    const { broker, log, run, screen, summary } = await start({ AGG_SOURCES: 'maison/+/temperature', ALERTS: 'maison/+/temperature>22.5' });
    await run(60 * S, (t) => {
      if (t === 0) {
        broker.send('maison/salon/temperature', '20');
        broker.send('maison/cuisine/temperature', '22');
        broker.send('maison/chambre/temperature', '18');
      }
      if (t === 30) broker.send('maison/salon/temperature', '23');
      if (t === 45) broker.send('maison/chambre/temperature', '17');
    });
    const alert = (room: string) =>
      broker.on(`stats/alerts/maison/${room}/temperature/gt_22.5`).map((p) => JSON.parse(p) as Record<string, unknown>);
    expect(alert('cuisine').map((a) => [a.state, a.reason])).toEqual([['cleared', 'start']]);
    expect(alert('salon').map((a) => [a.state, a.reason, a.value, a.since])).toEqual([
      ['cleared', 'start', 20, '2026-08-01T12:00:00Z'],
      ['raised', 'value', 23, '2026-08-01T12:00:30Z'],
    ]);
    expect(log).toContain('WARN alert raised: maison/+/temperature salon > 22.5 (value 23)');
    expect(['salon', 'cuisine', 'chambre'].map((room) => broker.last(`stats/maison/${room}/temperature`))).toEqual(['21.5', '22', '17.75']);
    expect(broker.last('stats/maison/temperature')).toBe('20.42');
    expect(summary('stats/maison/temperature')).toMatchObject({ mean: 20.42, min: 17, max: 23, count: 3 });
    expect(screen).toEqual([
      '2026-08-01T12:00:30Z alert raised maison/+/temperature salon > 22.5 value=23\n',
      '2026-08-01T12:01:00Z maison/+/temperature mean=20.42 min=17 max=23 count=3 chambre=17.75 cuisine=22 salon=21.5\n',
    ]);
    await run(60 * S, (t) => {
      if (t === 70) broker.send('maison/salon/temperature', '22.2');
      if (t === 80) broker.send('maison/cuisine/status', 'offline');
    });
    expect(alert('salon').map((a) => a.state)).toEqual(['cleared', 'raised']);
    // salon: 23 for 10 s, 22.2 for 50 s = 22.333…; chambre 17; cuisine offline: (22.333… + 17) / 2 = 19.666…
    expect(broker.last('stats/maison/temperature')).toBe('19.67');
    expect(broker.last('stats/maison/cuisine/temperature')).toBe('');
    expect(summary('stats/maison/temperature')).toMatchObject({ offline: ['cuisine'] });
    broker.send('maison/salon/temperature', '22');
    expect(alert('salon').map((a) => a.state)).toEqual(['cleared', 'raised', 'cleared']);
  });
});

describe('aggregate: garbage', () => {
  const GARBAGE = [
    '',
    ' ',
    'NaN',
    'nan',
    'Infinity',
    '-Infinity',
    '1e999',
    'unavailable',
    'unknown',
    'null',
    'None',
    'true',
    'false',
    'ON',
    'abc',
    '21,5',
    '21.5°C',
    '0x15',
    '[21.5]',
    '{"temperature":',
    '{"humidity":40}',
    '{"temperature":null}',
    '{"temperature":true}',
    '{"temperature":"abc"}',
    '{"a":{"temperature":1},"b":{"temperature":2}}',
    '-300',
    '1000',
    `{"temperature":21,"pad":"${'x'.repeat(1024)}"}`,
    '\x1b[2J',
  ];

  it('every garbage payload of the table is refused, counted, logged once per member and reason, and none reaches a mean', async () => {
    const { broker, log, run, summary } = await start({ AGG_PERIOD_S: '10' });
    await run(10 * S, (t) => {
      broker.send('maison/salon/temperature', '21');
      broker.send('maison/cuisine/temperature', '23');
      for (const payload of GARBAGE) broker.send(t % 2 === 0 ? 'maison/salon/temperature' : 'maison/garage/temperature', payload);
    });
    expect(broker.on('stats/maison/temperature')).toEqual(['22']);
    expect(broker.last('stats/maison/salon/temperature')).toBe('21');
    const { refused, used } = summary('stats/maison/temperature') as { refused: Record<string, number>; used: string[] };
    expect(used).toEqual(['cuisine', 'salon']);
    expect(Object.values(refused).reduce((a, b) => a + b, 0)).toBe(10 * GARBAGE.length);
    expect(refused).toEqual({
      empty: 20,
      nan: 50,
      unavailable: 50,
      boolean: 40,
      'not-a-number': 70,
      'invalid-json': 10,
      'missing-key': 10,
      'ambiguous-key': 10,
      'out-of-range': 20,
      'too-large': 10,
    });
    const refusals = log.filter((l) => l.includes(': refused '));
    expect(refusals.filter((l) => l.startsWith('WARN maison/salon/'))).toHaveLength(10);
    expect(refusals.filter((l) => l.startsWith('WARN maison/garage/'))).toHaveLength(10);
    expect(refusals.every((l) => !l.includes('\x1b'))).toBe(true);
  });
});

describe('aggregate: members that leave', () => {
  it('a room whose status says offline leaves the mean at once; its mean topic is cleared', async () => {
    const { broker, run, summary } = await start();
    await run(60 * S, (t) => {
      if (t === 0) {
        broker.send('maison/salon/temperature', '20');
        broker.send('maison/cuisine/temperature', '24');
      }
    });
    expect(broker.last('stats/maison/temperature')).toBe('22');
    await run(60 * S, (t) => {
      if (t === 90) broker.send('maison/salon/status', 'offline', true);
    });
    expect(broker.last('stats/maison/temperature')).toBe('24');
    expect(broker.on('stats/maison/salon/temperature')).toEqual(['20', '']);
    expect(summary('stats/maison/temperature')).toMatchObject({ count: 1, used: ['cuisine'], offline: ['salon'] });
  });

  it('a silent room (no status) leaves within its staleness limit: 30 s for a 1 Hz room', async () => {
    const { broker, run, summary } = await start({ AGG_PERIOD_S: '10' });
    await run(40 * S, (t) => {
      broker.send('maison/salon/temperature', '20');
      if (t <= 10) broker.send('maison/cuisine/temperature', '24');
    });
    // cuisine's last message at 10 s counts until 40 s.
    expect(broker.on('stats/maison/temperature')).toEqual(['22', '22', '22', '22']);
    await run(10 * S, () => broker.send('maison/salon/temperature', '20'));
    expect(broker.last('stats/maison/temperature')).toBe('20');
    expect(broker.last('stats/maison/cuisine/temperature')).toBe('');
    expect(summary('stats/maison/temperature')).toMatchObject({ used: ['salon'], stale: ['cuisine'] });
  });

  it('a retained value from a dead sensor counts only until the limit passes without a live message', async () => {
    const { broker, run, summary } = await start(
      { AGG_STALE_S: '90' },
      {
        retained: [
          ['maison/mort/temperature', '35'],
          ['maison/vif/temperature', '20'],
        ],
      },
    );
    await run(60 * S, (t) => {
      if (t % 10 === 0) broker.send('maison/vif/temperature', '21');
    });
    expect(summary('stats/maison/temperature')).toMatchObject({ used: ['mort', 'vif'], members: { mort: { retained: true } } });
    await run(60 * S, (t) => {
      if (t % 10 === 0) broker.send('maison/vif/temperature', '21');
    });
    expect(summary('stats/maison/temperature')).toMatchObject({ mean: 21, used: ['vif'], stale: ['mort'] });
  });

  it('when no room is fresh the house mean is cleared, not left stale', async () => {
    const { broker, run } = await start({ AGG_PERIOD_S: '60', AGG_STALE_S: '90' });
    broker.send('maison/salon/temperature', '20');
    await run(120 * S);
    expect(broker.on('stats/maison/temperature')).toEqual(['20', '']);
    expect(broker.retained.has('stats/maison/temperature')).toBe(false);
  });
});

describe('aggregate: alerts', () => {
  it('raises once, clears once, and does not flap at the threshold', async () => {
    const { broker, log, run, screen } = await start({ ALERTS: 'maison/+/temperature>25', AGG_PERIOD_S: '10' });
    const values = [24, 25.2, 24.8, 25.3, 24.6, 25.1, 24.9, 25.4, 24.7, 25.05, 24.4, 24.8, 25, 24.6];
    await run(values.length * S, (t) => broker.send('maison/salon/temperature', String(values[t])));
    const states = broker.on('stats/alerts/maison/salon/temperature/gt_25').map((p) => JSON.parse(p) as Record<string, unknown>);
    expect(states.map((s) => [s.state, s.reason, s.value])).toEqual([
      ['cleared', 'start', 24],
      ['raised', 'value', 25.2],
      ['cleared', 'value', 24.4],
    ]);
    expect(states[1]).toEqual({
      state: 'raised',
      member: 'salon',
      rule: 'maison/+/temperature>25~0.5',
      op: '>',
      threshold: 25,
      hysteresis: 0.5,
      value: 25.2,
      reason: 'value',
      since: '2026-08-01T12:00:01Z',
    });
    expect(broker.published.filter((m) => m.topic.includes('/alerts/')).every((m) => m.retain && m.json)).toBe(true);
    expect(log.filter((l) => /alert (raised|cleared)/.test(l))).toEqual([
      'WARN alert raised: maison/+/temperature salon > 25 (value 25.2)',
      'INFO alert cleared: maison/+/temperature salon > 25 (value 24.4)',
    ]);
    expect(screen.filter((l) => l.includes(' alert '))).toEqual([
      '2026-08-01T12:00:01Z alert raised maison/+/temperature salon > 25 value=25.2\n',
      '2026-08-01T12:00:10Z alert cleared maison/+/temperature salon > 25 value=24.4\n',
    ]);
  });

  it('waits the minimum duration and publishes the raise at the period end when no message comes', async () => {
    const { broker, run } = await start({ ALERTS: 'maison/+/temperature>25 for 2m', AGG_PERIOD_S: '60' });
    broker.send('maison/salon/temperature', '26');
    await run(60 * S);
    expect(broker.on('stats/alerts/maison/salon/temperature/gt_25').map((p) => JSON.parse(p).state)).toEqual(['cleared']);
    await run(60 * S);
    const last = JSON.parse(broker.last('stats/alerts/maison/salon/temperature/gt_25')!);
    expect(last).toMatchObject({ state: 'raised', value: 26, since: '2026-08-01T12:02:00Z' });
  });
});

describe('aggregate: its own outputs', () => {
  it('never reads them back, though a source filter matches its group topic and a status filter its status', async () => {
    // +/sensor/temperature/state (ESPHome) matches stats/sensor/temperature/state, where the group mean goes,
    // and +/status matches stats/status; the in-memory broker delivers both back to the aggregator.
    const { broker, log, run, summary } = await start({ AGG_SOURCES: '+/sensor/temperature/state', AGG_PERIOD_S: '1' });
    await run(5 * S, () => {
      broker.send('node1/sensor/temperature/state', '20');
      broker.send('node2/sensor/temperature/state', '23');
    });
    expect(broker.on('stats/sensor/temperature/state')).toEqual(['21.5', '21.5', '21.5', '21.5', '21.5']);
    expect(summary('stats/sensor/temperature/state')).toMatchObject({ used: ['node1', 'node2'], offline: [] });
    expect(log.filter((l) => l.includes('own outputs'))).toHaveLength(1);
  });
});

describe('aggregate: the house table', () => {
  it('on a terminal, redraws the table each period', async () => {
    const { broker, run, screen } = await start({ AGG_PERIOD_S: '1' }, { tty: true });
    broker.send('maison/salon/temperature', '20');
    broker.send('maison/salon/humidity', '50');
    await run(S);
    expect(screen).toHaveLength(1);
    expect(screen[0]!.startsWith('\x1b[2J\x1b[H')).toBe(true);
    expect(screen[0]).toContain('\n  salon                  20        50\n');
  });

  it('piped, one line per group and period', async () => {
    const { broker, run, screen } = await start({ AGG_PERIOD_S: '1' });
    broker.send('maison/salon/temperature', '20');
    await run(S);
    expect(screen).toEqual([
      '2026-08-01T12:00:01Z maison/+/temperature mean=20 min=20 max=20 count=1 salon=20\n',
      '2026-08-01T12:00:01Z maison/+/humidity mean=- min=- max=- count=0\n',
      '2026-08-01T12:00:01Z exterieur/+/temperature mean=- min=- max=- count=0\n',
    ]);
  });
});

describe('aggregate: the session', () => {
  it('subscribes to the sources and the members availability, says online first and offline last', async () => {
    const { broker, running } = await start();
    expect(broker.subscribedFilters).toEqual([
      'maison/+/temperature',
      'maison/+/humidity',
      'exterieur/+/temperature',
      'maison/+/status',
      'maison/+/availability',
      'maison/+/LWT',
      'exterieur/+/status',
      'exterieur/+/availability',
      'exterieur/+/LWT',
    ]);
    expect(broker.published[0]).toEqual({ topic: 'stats/status', payload: 'online', retain: true, qos: 1 });
    await running.stop();
    expect(broker.published.at(-1)).toEqual({ topic: 'stats/status', payload: 'offline', retain: true, qos: 1 });
    expect(broker.retained.get('stats/status')).toBe('offline');
  });

  it('stops publishing periods once stopped', async () => {
    const { broker, run, running } = await start({ AGG_PERIOD_S: '1' });
    broker.send('maison/salon/temperature', '20');
    await running.stop();
    const count = broker.published.length;
    await run(5 * S);
    expect(broker.published.length).toBe(count);
  });

  it('keeps the latest values while the broker is away, and sends them when it is back', async () => {
    const { broker, log, run } = await start({ AGG_PERIOD_S: '1', ALERTS: 'maison/+/temperature>25' });
    broker.failing = true;
    broker.send('maison/salon/temperature', '26');
    broker.send('maison/salon/temperature', '20');
    await run(S);
    broker.send('maison/salon/temperature', '22');
    await run(S);
    expect(log.filter((l) => l.startsWith('WARN publishing'))).toEqual([
      'WARN publishing to the broker failed (connection lost): the latest values are kept and sent with the next period',
      'WARN publishing to the broker failed (connection lost): the latest values are kept and sent with the next period',
    ]);
    expect(broker.on('stats/maison/temperature')).toEqual([]);
    broker.failing = false;
    await run(S);
    expect(broker.on('stats/maison/temperature')).toEqual(['22']);
    // The alert changes made while it was away, sent once it is back: only the latest state of the topic.
    expect(broker.on('stats/alerts/maison/salon/temperature/gt_25').map((p) => JSON.parse(p).state)).toEqual(['cleared']);
    expect(JSON.parse(broker.last('stats/alerts/maison/salon/temperature/gt_25')!)).toMatchObject({ reason: 'value', value: 20 });
  });

  it('announces to Home Assistant: the groups at start, a member when it appears, everything again when Home Assistant restarts', async () => {
    const { broker, run } = await start({ ALERTS: 'maison/+/temperature>25', AGG_PERIOD_S: '1' }, { discovery: true });
    const configs = () => broker.published.filter((m) => m.topic.startsWith('homeassistant/')).map((m) => m.topic);
    expect(configs()).toHaveLength(3);
    expect(broker.subscribedFilters).toContain('homeassistant/status');
    broker.send('maison/salon/temperature', '20');
    broker.send('maison/salon/temperature', '21');
    await run(S);
    expect(configs()).toHaveLength(5);
    expect(
      configs()
        .slice(3)
        .map((t) => t.split('/')[1]),
    ).toEqual(['sensor', 'binary_sensor']);
    broker.send('homeassistant/status', 'offline');
    await settle();
    expect(configs()).toHaveLength(5);
    broker.send('homeassistant/status', 'online');
    await settle();
    expect(configs()).toHaveLength(10);
    expect(broker.published.filter((m) => m.topic.startsWith('homeassistant/')).every((m) => m.retain && m.persistent)).toBe(true);
  });

  it('without discovery, announces nothing and does not listen to Home Assistant', async () => {
    const { broker, run } = await start({ AGG_PERIOD_S: '1' });
    broker.send('maison/salon/temperature', '20');
    await run(S);
    expect(broker.published.some((m) => m.topic.startsWith('homeassistant/'))).toBe(false);
    expect(broker.subscribedFilters).not.toContain('homeassistant/status');
  });
});
