/**
 * `owm2mqtt simulate`, the built program against a real Mosquitto, read by mosquitto_sub: the topics
 * and payloads of each room, retained at QoS 1, each room its own client with its Last Will (a SIGKILL
 * leaves every room offline), a clean stop, a broker restart, the JSON format, the outdoor topic
 * followed, and a bad setting refused without OWM_API_KEY being asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type TestBroker } from '../helpers/broker.js';
import { finished, runCli, spawnCli, stderrSoFar } from '../helpers/cli.js';
import { uniquePrefix } from '../helpers/env.js';
import { publish, retainedSnapshot, Subscriber } from '../helpers/subscriber.js';
import { until } from '../helpers/world.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => {
  await broker?.stop();
});

const ROOMS = ['salon', 'cuisine', 'chambre'];

function simulate(prefix: string, more: Record<string, string> = {}) {
  const child = spawnCli(['simulate'], {
    MQTT_URL: broker.url,
    HOME_PREFIX: prefix,
    SIM_INTERVAL_MS: '200',
    SIM_SEED: 'e2e',
    SIM_CLIENT_ID_PREFIX: `${prefix}-`,
    MQTT_RECONNECT_MIN_MS: '100',
    MQTT_RECONNECT_MAX_MS: '500',
    ...more,
  });
  return { child, stderr: stderrSoFar(child), exit: finished(child, 25_000) };
}

const statuses = async (prefix: string) => {
  const snapshot = await retainedSnapshot(broker.url, `${prefix}/+/status`);
  return ROOMS.map((room) => snapshot.get(`${prefix}/${room}/status`)?.payload);
};

describe('owm2mqtt simulate against Mosquitto', () => {
  it('publishes each room on its own topics, retained at QoS 1: °C with one decimal, whole % and lux, online', async () => {
    const prefix = uniquePrefix('sim-topics');
    const live = await Subscriber.connect(broker.url, `${prefix}/#`);
    const sim = simulate(prefix);
    try {
      await live.waitFor(
        (messages) => ROOMS.every((room) => messages.filter((m) => m.topic === `${prefix}/${room}/temperature`).length >= 2),
        15_000,
      );
      const snapshot = await retainedSnapshot(broker.url, `${prefix}/#`);
      expect([...snapshot.keys()].sort()).toEqual(
        ROOMS.flatMap((room) => ['humidity', 'luminosity', 'status', 'temperature'].map((leaf) => `${prefix}/${room}/${leaf}`)).sort(),
      );
      for (const room of ROOMS) {
        expect(snapshot.get(`${prefix}/${room}/temperature`)?.payload).toMatch(/^-?\d+\.\d$/);
        expect(snapshot.get(`${prefix}/${room}/humidity`)?.payload).toMatch(/^\d+$/);
        expect(snapshot.get(`${prefix}/${room}/luminosity`)?.payload).toMatch(/^\d+$/);
        expect(snapshot.get(`${prefix}/${room}/status`)?.payload).toBe('online');
        for (const leaf of ['temperature', 'humidity', 'luminosity', 'status'])
          expect(snapshot.get(`${prefix}/${room}/${leaf}`)?.qos, `${room}/${leaf}`).toBe(1);
      }
      // Read live at QoS 2: each message arrives at the QoS it was published with.
      expect(new Set(live.messages.map((m) => m.qos))).toEqual(new Set([1]));
      const temperature = Number(snapshot.get(`${prefix}/salon/temperature`)!.payload);
      expect(temperature).toBeGreaterThan(5);
      expect(temperature).toBeLessThan(35);
    } finally {
      sim.child.kill('SIGTERM');
      await live.close();
    }
    const run = await sim.exit;
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('OWM_API_KEY');
  });

  it('SIGKILL: the broker publishes every room offline, each from its own Last Will', async () => {
    const prefix = uniquePrefix('sim-kill');
    const sim = simulate(prefix);
    await until(async () => (await statuses(prefix)).every((s) => s === 'online'), 15_000);
    const live = await Subscriber.connect(broker.url, `${prefix}/+/status`);
    sim.child.kill('SIGKILL');
    await sim.exit;
    await live.waitFor((messages) =>
      ROOMS.every((room) => messages.some((m) => m.topic === `${prefix}/${room}/status` && m.payload === 'offline')),
    );
    await live.close();
    expect(await statuses(prefix)).toEqual(['offline', 'offline', 'offline']);
  });

  it('SIGTERM: every room says offline itself, and the program exits 0', async () => {
    const prefix = uniquePrefix('sim-term');
    const sim = simulate(prefix);
    await until(async () => (await statuses(prefix)).every((s) => s === 'online'), 15_000);
    sim.child.kill('SIGTERM');
    const run = await sim.exit;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('simulate: stopped; every room is offline');
    expect(await statuses(prefix)).toEqual(['offline', 'offline', 'offline']);
  });

  it('a broker restart: it does not crash, reconnects every room and publishes again', { timeout: 60_000 }, async () => {
    const prefix = uniquePrefix('sim-restart');
    const sim = simulate(prefix, { LOG_LEVEL: 'debug' });
    try {
      await until(async () => (await statuses(prefix)).every((s) => s === 'online'), 15_000);
      await broker.stop();
      // No persistence: the restarted broker holds nothing of before; what comes is published again.
      await broker.start();
      const live = await Subscriber.connect(broker.url, `${prefix}/#`);
      try {
        await live.waitFor(
          (messages) =>
            ROOMS.every(
              (room) =>
                messages.some((m) => m.topic === `${prefix}/${room}/status` && m.payload === 'online') &&
                messages.some((m) => m.topic === `${prefix}/${room}/temperature`),
            ),
          20_000,
        );
      } finally {
        await live.close();
      }
      expect(sim.child.exitCode).toBe(null);
    } finally {
      sim.child.kill('SIGTERM');
    }
    const run = await sim.exit;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('lost the connection to the MQTT broker');
    // One line for the three rooms, not three.
    expect(run.stderr.match(/WARN.*lost the connection to the MQTT broker/g)).toHaveLength(1);
  });

  it('SIM_FAULTS disconnect: the room is cut off without DISCONNECT (its Will says offline), then comes back online', async () => {
    const prefix = uniquePrefix('sim-disconnect');
    const live = await Subscriber.connect(broker.url, `${prefix}/salon/status`);
    const sim = simulate(prefix, { SIM_ROOMS: 'salon', SIM_FAULTS: 'salon:disconnect@1s+1s' });
    try {
      await live.waitFor((messages) => messages.map((m) => m.payload).join() === 'online,offline,online', 15_000);
      // The Will's offline, not one the room said itself: a clean stop says so in the log.
      expect(sim.stderr()).toContain('SIM_FAULTS salon:disconnect@1s+1s: starts at 1 s');
      expect(sim.stderr()).toContain('SIM_FAULTS salon:disconnect@1s+1s: ends at 2 s');
    } finally {
      sim.child.kill('SIGTERM');
      await live.close();
    }
    expect((await sim.exit).code).toBe(0);
  });

  it('SIM_FORMAT=json: one object per room on <prefix>/<room>', async () => {
    const prefix = uniquePrefix('sim-json');
    const sim = simulate(prefix, { SIM_FORMAT: 'json', SIM_ROOMS: 'bureau' });
    try {
      await until(async () => (await retainedSnapshot(broker.url, `${prefix}/bureau`)).has(`${prefix}/bureau`), 15_000);
      const object = JSON.parse((await retainedSnapshot(broker.url, `${prefix}/bureau`)).get(`${prefix}/bureau`)!.payload) as Record<
        string,
        unknown
      >;
      expect(Object.keys(object)).toEqual(['temperature', 'humidity', 'luminosity']);
      expect(typeof object.temperature).toBe('number');
    } finally {
      sim.child.kill('SIGTERM');
    }
    expect((await sim.exit).code).toBe(0);
  });

  it('SIM_OUTDOOR_TOPIC: the outdoor temperature is read from the broker', async () => {
    const prefix = uniquePrefix('sim-outdoor');
    await publish(broker.url, `${prefix}/exterieur/toulouse/temperature`, '4.5', { retain: true });
    const sim = simulate(prefix, { SIM_OUTDOOR_TOPIC: `${prefix}/exterieur/toulouse/temperature`, SIM_ROOMS: 'salon' });
    try {
      await until(() => sim.stderr().includes(`SIM_OUTDOOR_TOPIC ${prefix}/exterieur/toulouse/temperature: 4.5 °C outdoors`), 15_000);
    } finally {
      sim.child.kill('SIGTERM');
    }
    expect((await sim.exit).code).toBe(0);
  });

  it('a bad setting: exit 2, each problem naming its variable, and no OWM_API_KEY asked for', async () => {
    const run = await runCli(['simulate'], { MQTT_URL: broker.url, SIM_INTERVAL_MS: '5', SIM_ROOMS: 'a/b' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the configuration has 2 problem(s)');
    expect(run.stderr).toContain('SIM_INTERVAL_MS="5" must be a whole number from 100 to 3600000');
    expect(run.stderr).toContain('SIM_ROOMS has a room "a/b"');
    expect(run.stderr).not.toContain('OWM_API_KEY');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
