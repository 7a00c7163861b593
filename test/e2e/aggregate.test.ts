/**
 * `owm2mqtt aggregate`, the built program against a real Mosquitto, its outputs read by mosquitto_sub:
 * the house's and each room's means as a hand calculation gives them, retained at QoS 1; a room at
 * 10 Hz and one that sent once weigh the same; staleness and `offline`; a table of garbage payloads
 * refused, counted by reason, logged once per member, none in a mean; an alert raised once and
 * cleared once while the value hovers at its threshold; a broker restart; its Last Will; its own
 * outputs refused as sources.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type TestBroker } from '../helpers/broker.js';
import { finished, runCli, spawnCli, stderrSoFar } from '../helpers/cli.js';
import { uniquePrefix } from '../helpers/env.js';
import { trackChild } from '../helpers/processes.js';
import { until } from '../helpers/world.js';
import { publish, type Received, retainedSnapshot, Subscriber } from '../helpers/subscriber.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => {
  await broker?.stop();
});

interface Summary {
  mean?: number;
  count: number;
  used: string[];
  stale: string[];
  offline: string[];
  members: Record<string, { mean: number; samples: number; retained?: boolean }>;
  refused: Record<string, number>;
}

/** A house of the test's own: rooms under `<home>/<room>/temperature`, outputs under `<stats>/`. */
function house(name: string) {
  const home = uniquePrefix(name);
  const stats = `${home}-stats`;
  return {
    home,
    stats,
    room: (room: string) => `${home}/${room}/temperature`,
    group: `${stats}/${home}/temperature`,
    member: (room: string) => `${stats}/${home}/${room}/temperature`,
    summary: `${stats}/${home}/temperature/summary`,
  };
}

function aggregate(h: ReturnType<typeof house>, more: Record<string, string> = {}) {
  const child = spawnCli(['aggregate'], {
    MQTT_URL: broker.url,
    MQTT_CLIENT_ID: `${h.home}-aggregate`,
    AGG_SOURCES: `${h.home}/+/temperature`,
    AGG_PREFIX: h.stats,
    AGG_PERIOD_S: '1',
    MQTT_RECONNECT_MIN_MS: '100',
    MQTT_RECONNECT_MAX_MS: '500',
    ...more,
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return { child, stderr: stderrSoFar(child), stdout: () => stdout, exit: finished(child, 30_000) };
}

const last = (messages: readonly Received[], topic: string) => messages.findLast((m) => m.topic === topic);
const summaryIn = (messages: readonly Received[], topic: string): Summary | undefined => {
  const message = last(messages, topic);
  return message ? (JSON.parse(message.payload) as Summary) : undefined;
};

/** Subscribed: the log line that follows the broker's SUBACK (its `online`, a birth message, comes before). */
async function ready(run: ReturnType<typeof aggregate>) {
  await until(() => run.stderr().includes('INFO  aggregating '), 15_000);
}

async function stop(run: ReturnType<typeof aggregate>) {
  run.child.kill('SIGTERM');
  const result = await run.exit;
  expect(result.code, result.stderr).toBe(0);
  return result;
}

describe('owm2mqtt aggregate against Mosquitto', () => {
  it("the house's and each room's means, as a hand calculation gives them, retained at QoS 1", async () => {
    const h = house('agg-means');
    for (const [room, value] of [
      ['salon', '21.5'],
      ['cuisine', '23'],
      ['chambre', '18.25'],
    ] as const)
      await publish(broker.url, h.room(room), value, { retain: true });
    const live = await Subscriber.connect(broker.url, `${h.stats}/#`);
    const run = aggregate(h);
    try {
      // (21.5 + 23 + 18.25) / 3 = 20.9166…, two decimals for a temperature.
      await live.waitFor((messages) => last(messages, h.group)?.payload === '20.92', 15_000);
      const snapshot = await retainedSnapshot(broker.url, `${h.stats}/#`);
      expect(snapshot.get(h.group)).toMatchObject({ payload: '20.92', retain: true, qos: 1 });
      expect(snapshot.get(h.member('salon'))).toMatchObject({ payload: '21.5', retain: true, qos: 1 });
      expect(snapshot.get(h.member('cuisine'))?.payload).toBe('23');
      expect(snapshot.get(h.member('chambre'))?.payload).toBe('18.25');
      expect(snapshot.get(`${h.stats}/status`)).toMatchObject({ payload: 'online', retain: true });
      const summary = JSON.parse(snapshot.get(h.summary)!.payload) as Summary;
      expect(summary).toMatchObject({ mean: 20.92, count: 3, used: ['chambre', 'cuisine', 'salon'], stale: [], offline: [] });
      // Live messages reach the subscriber at the QoS they were published with.
      expect(new Set(live.messages.map((m) => m.qos))).toEqual(new Set([1]));
    } finally {
      await live.close();
    }
    const result = await stop(run);
    expect(result.stdout).toMatch(/temperature mean=20\.92 min=18\.25 max=23 count=3/);
    expect(result.stderr).not.toContain('OWM_API_KEY');
    expect((await retainedSnapshot(broker.url, `${h.stats}/status`)).get(`${h.stats}/status`)?.payload).toBe('offline');
  });

  it('a room publishing ten times a second and one that sent once weigh the same in the house mean', async () => {
    const h = house('agg-weights');
    const live = await Subscriber.connect(broker.url, `${h.stats}/#`);
    const run = aggregate(h);
    await ready(run);
    const fast = trackChild(
      spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-q', '1', '-t', h.room('fast'), '-l'], {
        stdio: ['pipe', 'ignore', 'ignore'],
      }),
      'mosquitto_pub -l (the fast room)',
    );
    const ticker = setInterval(() => fast.stdin!.write('22\n'), 100);
    try {
      await publish(broker.url, h.room('slow'), '18');
      // A whole period with both: 10 values from one, 1 (held) from the other.
      await live.waitFor((messages) => {
        const summary = summaryIn(messages, h.summary);
        return (
          summary !== undefined && summary.count === 2 && (summary.members.fast?.samples ?? 0) >= 8 && summary.members.slow?.samples === 0
        );
      }, 15_000);
      const summary = summaryIn(live.messages, h.summary)!;
      expect(summary.mean).toBe(20);
      expect(last(live.messages, h.group)?.payload).toBe('20');
    } finally {
      clearInterval(ticker);
      fast.stdin!.end();
      await live.close();
    }
    await stop(run);
  });

  it('a silent member leaves the mean after its staleness limit; an offline one at once; both are listed', async () => {
    const h = house('agg-stale');
    const live = await Subscriber.connect(broker.url, `${h.stats}/#`);
    const run = aggregate(h, { AGG_SOURCES: `${h.home}/+/temperature@2s` });
    await ready(run);
    await publish(broker.url, h.room('salon'), '20');
    await publish(broker.url, h.room('cuisine'), '22');
    await live.waitFor((messages) => last(messages, h.group)?.payload === '21', 10_000);
    await publish(broker.url, `${h.home}/cuisine/status`, 'offline');
    await live.waitFor((messages) => summaryIn(messages, h.summary)?.offline.includes('cuisine') === true, 5000);
    expect(summaryIn(live.messages, h.summary)).toMatchObject({ mean: 20, used: ['salon'], offline: ['cuisine'] });
    expect(last(live.messages, h.member('cuisine'))?.payload).toBe('');
    // salon says nothing more: within 2 s and a period, it is stale, and the group's mean is cleared.
    await live.waitFor((messages) => summaryIn(messages, h.summary)?.stale.includes('salon') === true, 8000);
    expect(summaryIn(live.messages, h.summary)).toMatchObject({ count: 0, used: [], stale: ['salon'] });
    expect(summaryIn(live.messages, h.summary)?.mean).toBeUndefined();
    expect(last(live.messages, h.group)?.payload).toBe('');
    expect((await retainedSnapshot(broker.url, `${h.stats}/#`)).has(h.group)).toBe(false);
    await live.close();
    await stop(run);
  });

  it('refuses every garbage payload of a table, counts it by reason, logs it once per member, and none reaches a mean', async () => {
    const h = house('agg-garbage');
    const GARBAGE: readonly (readonly [string, string])[] = [
      [' ', 'empty'],
      ['abc', 'not-a-number'],
      ['21,5', 'not-a-number'],
      ['NaN', 'nan'],
      ['1e999', 'nan'],
      ['unavailable', 'unavailable'],
      ['null', 'unavailable'],
      ['true', 'boolean'],
      ['{"temperature":', 'invalid-json'],
      ['{"humidity":40}', 'missing-key'],
      ['1000', 'out-of-range'],
      ['-300', 'out-of-range'],
      ['7'.repeat(1100), 'too-large'],
    ];
    const live = await Subscriber.connect(broker.url, `${h.stats}/#`);
    const run = aggregate(h);
    await ready(run);
    await publish(broker.url, h.room('salon'), '20');
    for (const [payload] of GARBAGE) await publish(broker.url, h.room('cave'), payload);
    for (const [payload] of GARBAGE) await publish(broker.url, h.room('cave'), payload);
    const expected: Record<string, number> = {};
    for (const [, reason] of GARBAGE) expected[reason] = (expected[reason] ?? 0) + 2;
    await live.waitFor((messages) => sameCounts(summaryIn(messages, h.summary)?.refused ?? {}, expected), 10_000);
    for (const message of live.messages.filter((m) => m.topic === h.group)) expect(message.payload).toBe('20');
    expect(summaryIn(live.messages, h.summary)).toMatchObject({ mean: 20, used: ['salon'] });
    expect(live.messages.some((m) => m.topic === h.member('cave'))).toBe(false);
    await live.close();
    const result = await stop(run);
    // Once per member and reason, never per message.
    const lines = result.stderr.split('\n').filter((line) => line.includes(`${h.home}/cave/temperature`));
    expect(lines).toHaveLength(new Set(GARBAGE.map(([, reason]) => reason)).size);
  });

  it('an alert hovering at its threshold raises once and clears once, retained, and is logged', async () => {
    const h = house('agg-alert');
    const rule = `${h.home}/+/temperature>25`;
    const alertTopic = `${h.stats}/alerts/${h.home}/salon/temperature/gt_25`;
    const live = await Subscriber.connect(broker.url, `${h.stats}/#`);
    const run = aggregate(h, { ALERTS: rule });
    await ready(run);
    const alertsSoFar = () => live.messages.filter((m) => m.topic === alertTopic).length;
    // 24: cleared (start); 25.6 raises; 25.1, 24.6, 25.4, 24.8 hover inside the 0.5 hysteresis; 24.4 clears.
    // Each change is awaited before the next value: a state topic's newer state replaces one not yet sent.
    await publish(broker.url, h.room('salon'), '24');
    await live.waitFor(() => alertsSoFar() === 1);
    await publish(broker.url, h.room('salon'), '25.6');
    await live.waitFor(() => alertsSoFar() === 2);
    for (const value of ['25.1', '24.6', '25.4', '24.8']) await publish(broker.url, h.room('salon'), value);
    await publish(broker.url, h.room('salon'), '24.4');
    await live.waitFor(() => alertsSoFar() === 3);
    await live.barrier(broker.url, `${h.stats}/barrier`);
    const alerts = live.messages.filter((m) => m.topic === alertTopic).map((m) => JSON.parse(m.payload) as Record<string, unknown>);
    expect(alerts.map((a) => [a.state, a.reason, a.value])).toEqual([
      ['cleared', 'start', 24],
      ['raised', 'value', 25.6],
      ['cleared', 'value', 24.4],
    ]);
    expect(alerts[1]).toMatchObject({ member: 'salon', op: '>', threshold: 25, hysteresis: 0.5 });
    expect(alerts[1]!.since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const kept = await retainedSnapshot(broker.url, alertTopic);
    expect(JSON.parse(kept.get(alertTopic)!.payload)).toMatchObject({ state: 'cleared', value: 24.4 });
    await live.close();
    const result = await stop(run);
    expect(result.stderr.match(/WARN {2}alert raised/g)).toHaveLength(1);
    expect(result.stderr.match(/INFO {2}alert cleared/g)).toHaveLength(1);
  });

  it('survives a broker restart: online again, and its windows kept (the means come back with no new value)', async () => {
    const h = house('agg-restart');
    const run = aggregate(h);
    let live = await Subscriber.connect(broker.url, `${h.stats}/#`);
    await ready(run);
    await publish(broker.url, h.room('salon'), '19');
    await publish(broker.url, h.room('cuisine'), '21');
    await live.waitFor((messages) => last(messages, h.group)?.payload === '20', 10_000);
    await live.close();
    await broker.stop();
    // No persistence: the restarted broker has nothing; what comes is the aggregator's own.
    await broker.start();
    live = await Subscriber.connect(broker.url, `${h.stats}/#`);
    try {
      await live.waitFor(
        (messages) =>
          last(messages, `${h.stats}/status`)?.payload === 'online' &&
          last(messages, h.group)?.payload === '20' &&
          summaryIn(messages, h.summary) !== undefined,
        15_000,
      );
      expect(summaryIn(live.messages, h.summary)).toMatchObject({ used: ['cuisine', 'salon'] });
    } finally {
      await live.close();
    }
    const result = await stop(run);
    expect(result.stderr).toContain('connected again to the MQTT broker');
  });

  it('HA_DISCOVERY=true: a sensor per group and member mean, a binary sensor per alert and member, under its own availability', async () => {
    const h = house('agg-ha');
    const ha = `${h.home}-ha`;
    const run = aggregate(h, { HA_DISCOVERY: 'true', HA_DISCOVERY_PREFIX: ha, ALERTS: `${h.home}/+/temperature>25` });
    await ready(run);
    await publish(broker.url, h.room('salon'), '21');
    const configs = async () =>
      [...(await retainedSnapshot(broker.url, `${ha}/#`)).values()].map(
        (m): Record<string, unknown> => ({ ...(JSON.parse(m.payload) as Record<string, unknown>), topic: m.topic }),
      );
    await until(async () => (await configs()).length === 3, 15_000);
    const all = await configs();
    const byState = (topic: string) => all.find((config) => config.state_topic === topic);
    expect(String(byState(h.group)?.topic)).toMatch(new RegExp(`^${ha}/sensor/owm2mqtt/[a-z0-9_]+/config$`));
    expect(byState(h.member('salon'))).toMatchObject({ device_class: 'temperature', availability_topic: `${h.stats}/status` });
    const alert = byState(`${h.stats}/alerts/${h.home}/salon/temperature/gt_25`);
    expect(String(alert?.topic)).toMatch(new RegExp(`^${ha}/binary_sensor/owm2mqtt/`));
    expect(alert).toMatchObject({ availability_topic: `${h.stats}/status`, device_class: 'heat' });
    await stop(run);
  });

  it('SIGKILL: its Last Will says offline on <prefix>/status', async () => {
    const h = house('agg-kill');
    const run = aggregate(h);
    const live = await Subscriber.connect(broker.url, `${h.stats}/status`);
    await ready(run);
    run.child.kill('SIGKILL');
    await run.exit;
    await live.waitFor((messages) => last(messages, `${h.stats}/status`)?.payload === 'offline');
    await live.close();
    expect((await retainedSnapshot(broker.url, `${h.stats}/status`)).get(`${h.stats}/status`)?.payload).toBe('offline');
  });

  it('refuses a source that reads its own outputs (exit 2), without asking for OWM_API_KEY', async () => {
    const run = await runCli(['aggregate'], { MQTT_URL: broker.url, AGG_SOURCES: 'stats/+/temperature' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'AGG_SOURCES entry "stats/+/temperature" reads the aggregator\'s own outputs (under AGG_PREFIX=stats): it would average its own averages',
    );
    expect(run.stderr).not.toContain('OWM_API_KEY');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}
