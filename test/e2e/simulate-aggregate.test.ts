/**
 * The simulated house and the aggregator together, against a real Mosquitto. In process, with one
 * injected clock and the real MQTT adapters: a seeded house of three rooms gives the house's and
 * each room's means that a hand calculation from the readings mosquitto_sub saw gives. Then the two
 * built programs: a room's garbage (SIM_FAULTS) is refused and left out, a silent room goes stale, and a SIGKILLed simulator
 * leaves every room offline, out of the mean, whose topic is cleared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAggregate } from '../../src/aggregate/command.js';
import { liveAggregatePort } from '../../src/aggregate/mqtt-port.js';
import type { AggregatePort } from '../../src/aggregate/ports.js';
import { parseAggregateSettings } from '../../src/aggregate/settings.js';
import { createLogger } from '../../src/core/log.js';
import { startSimulation } from '../../src/simulate/command.js';
import { liveBrokerPort } from '../../src/simulate/mqtt-port.js';
import { parseSimSettings } from '../../src/simulate/settings.js';
import { startBroker, type TestBroker } from '../helpers/broker.js';
import { finished, spawnCli, stderrSoFar } from '../helpers/cli.js';
import { uniquePrefix } from '../helpers/env.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { type Received, retainedSnapshot, Subscriber } from '../helpers/subscriber.js';
import { until } from '../helpers/world.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => {
  await broker?.stop();
});

const ROOMS = ['salon', 'cuisine', 'chambre'];
const round2 = (value: number) => Math.round(value * 100) / 100;
const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const last = (messages: readonly Received[], topic: string) => messages.findLast((m) => m.topic === topic);

describe('simulate and aggregate together', () => {
  it('a seeded house of three rooms, one injected clock: the means a hand calculation gives', async () => {
    const home = uniquePrefix('house-hand');
    const stats = `${home}-stats`;
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (line) => lines.push(line) });
    const connection = {
      url: broker.url,
      username: undefined,
      password: undefined,
      protocolVersion: 4 as const,
      timeoutMs: 5000,
      tls: { ca: undefined, cert: undefined, key: undefined, insecure: false },
      reconnectMinMs: 100,
      reconnectMaxMs: 500,
    };
    // The aggregator's clock starts on a boundary of its 5 s periods; the simulator's is its own, so
    // that each reading can be held for a different time: the means are time-weighted.
    const clock = new FakeClock(Date.parse('2026-01-15T12:00:00Z'));
    const simClock = new FakeClock(Date.parse('2026-01-15T12:00:00Z'));
    const HELD_MS = [500, 1500, 1000, 700, 1300];

    const aggregateSettings = parseAggregateSettings({ AGG_SOURCES: `${home}/+/temperature`, AGG_PREFIX: stats, AGG_PERIOD_S: '5' });
    if (!aggregateSettings.ok) throw new Error(aggregateSettings.problems.join('; '));
    const port = liveAggregatePort({ ...connection, clientId: `${home}-aggregate` }, stats, 1, log);
    await port.connect();
    const arrived: string[] = [];
    const counting: AggregatePort = {
      publish: (messages) => port.publish(messages),
      subscribe: (filters, onMessage) =>
        port.subscribe(filters, (message) => {
          onMessage(message);
          if (message.topic.endsWith('/temperature')) arrived.push(message.topic);
        }),
    };
    const aggregate = await startAggregate({
      settings: aggregateSettings.settings,
      port: counting,
      clock,
      log,
      screen: { write: () => undefined },
    });
    const readings = await Subscriber.connect(broker.url, `${home}/+/temperature`);
    const outputs = await Subscriber.connect(broker.url, `${stats}/#`);

    const simSettings = parseSimSettings({
      HOME_PREFIX: home,
      SIM_SEED: 'hand-calculation',
      // 06:00, at 24 simulated minutes a reading: the heating comes on, the readings move.
      SIM_START: '2026-01-15T06:00:00Z',
      SIM_SPEED: '1440',
      SIM_INTERVAL_MS: '1000',
      SIM_CLIENT_ID_PREFIX: `${home}-`,
    });
    if (!simSettings.ok) throw new Error(simSettings.problems.join('; '));
    const simulation = startSimulation(simSettings.settings, {
      broker: liveBrokerPort(connection, log, `${home}-outdoor`),
      clock: simClock,
      log,
      newSeed: () => 'unused',
    });
    try {
      for (const [tick, held] of HELD_MS.entries()) {
        // Each reading reaches the aggregator before its clock moves on: it holds exactly `held` ms.
        await until(() => arrived.length === 3 * (tick + 1), 10_000);
        clock.advance(held);
        if (tick < HELD_MS.length - 1) simClock.advance(1000);
      }
      const group = `${stats}/${home}/temperature`;
      await outputs.waitFor((messages) => last(messages, group) !== undefined, 10_000);
      await readings.waitFor((messages) => messages.length >= 15);

      const values = (room: string) =>
        readings.messages
          .filter((m) => m.topic === `${home}/${room}/temperature`)
          .slice(0, 5)
          .map((m) => Number(m.payload));
      // Each room's mean: its readings weighted by how long each was held, over the 5 s period.
      const roomMeans = ROOMS.map((room) => values(room).reduce((sum, value, i) => sum + value * HELD_MS[i]!, 0) / 5000);
      // The test tells a time-weighted mean from a plain one: for some room they differ.
      expect(ROOMS.some((room, i) => round2(mean(values(room))) !== round2(roomMeans[i]!))).toBe(true);
      for (const [i, room] of ROOMS.entries()) {
        expect(values(room)).toHaveLength(5);
        expect(Number(last(outputs.messages, `${stats}/${home}/${room}/temperature`)?.payload), room).toBe(round2(roomMeans[i]!));
      }
      expect(Number(last(outputs.messages, group)!.payload)).toBe(round2(mean(roomMeans)));
      expect(JSON.parse(last(outputs.messages, `${group}/summary`)!.payload)).toMatchObject({
        count: 3,
        used: ['chambre', 'cuisine', 'salon'],
        window_s: 5,
        at: '2026-01-15T12:00:05Z',
      });
      expect(lines).toEqual([]);
    } finally {
      await simulation.stop();
      await aggregate.stop();
      await port.end();
      await readings.close();
      await outputs.close();
    }
  });

  it("the built programs: a room's garbage is refused and left out, a silent one goes stale; SIGKILL leaves every room offline and the mean cleared", async () => {
    const home = uniquePrefix('house-faults');
    const stats = `${home}-stats`;
    const group = `${stats}/${home}/temperature`;
    const outputs = await Subscriber.connect(broker.url, `${stats}/#`);
    const aggregate = spawnCli(['aggregate'], {
      MQTT_URL: broker.url,
      MQTT_CLIENT_ID: `${home}-aggregate`,
      AGG_SOURCES: `${home}/+/temperature`,
      AGG_PREFIX: stats,
      AGG_PERIOD_S: '1',
      AGG_STALE_S: '2',
    });
    const aggregateLog = stderrSoFar(aggregate);
    const aggregateExit = finished(aggregate, 60_000);
    await until(() => aggregateLog().includes('INFO  aggregating '), 15_000);
    const simulate = spawnCli(['simulate'], {
      MQTT_URL: broker.url,
      HOME_PREFIX: home,
      SIM_INTERVAL_MS: '200',
      SIM_SEED: 'faults',
      SIM_CLIENT_ID_PREFIX: `${home}-`,
      SIM_FAULTS: 'cuisine:garbage;chambre:silent@3s',
    });
    const simulateExit = finished(simulate, 60_000);
    try {
      type Summary = {
        mean?: number;
        used: string[];
        stale: string[];
        offline: string[];
        members: Record<string, { mean: number }>;
        refused: Record<string, number>;
      };
      const summary = () => {
        const message = last(outputs.messages, `${group}/summary`);
        return message ? (JSON.parse(message.payload) as Summary) : undefined;
      };
      await outputs.waitFor(() => {
        const s = summary();
        return s !== undefined && s.used.length === 2 && Object.values(s.refused).reduce((a, b) => a + b, 0) >= 5;
      }, 15_000);
      const s = summary()!;
      expect(s.used).toEqual(['chambre', 'salon']);
      expect(s.members.cuisine).toBeUndefined();
      // The members' means shown are rounded; the group's is of the unrounded ones.
      expect(Math.abs(s.mean! - mean([s.members.chambre!.mean, s.members.salon!.mean]))).toBeLessThanOrEqual(0.01);
      expect(outputs.messages.some((m) => m.topic === `${stats}/${home}/cuisine/temperature` && m.payload !== '')).toBe(false);

      // chambre goes silent 3 s after the start, and online still: stale after AGG_STALE_S.
      await outputs.waitFor(() => summary()?.stale.join() === 'chambre', 10_000);
      expect(summary()).toMatchObject({ used: ['salon'], mean: summary()!.members.salon!.mean });

      simulate.kill('SIGKILL');
      await simulateExit;
      await outputs.waitFor(() => {
        const after = summary();
        // cuisine, which never sent a number, is no member: its offline is remembered, not listed.
        return after !== undefined && after.used.length === 0 && after.offline.join() === 'chambre,salon';
      }, 10_000);
      const statuses = await retainedSnapshot(broker.url, `${home}/+/status`);
      expect(ROOMS.map((room) => statuses.get(`${home}/${room}/status`)?.payload)).toEqual(['offline', 'offline', 'offline']);
      expect(summary()!.mean).toBeUndefined();
      expect(last(outputs.messages, group)?.payload).toBe('');
    } finally {
      simulate.kill('SIGTERM');
      aggregate.kill('SIGTERM');
      await outputs.close();
    }
    expect((await aggregateExit).code).toBe(0);
    expect(aggregateLog()).toMatch(/WARN .*cuisine\/temperature/);
  });
});
