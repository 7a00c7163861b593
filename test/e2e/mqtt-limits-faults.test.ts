import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker } from '../helpers/broker.js';
import { finished, runCli, spawnCli, stderrSoFar } from '../helpers/cli.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { startFakeBroker } from '../helpers/fake-broker.js';
import { startFakeOwm, type FakeOwm } from '../helpers/fake-owm.js';
import { retainedSnapshot, Subscriber } from '../helpers/subscriber.js';
import { lineIn } from '../helpers/waits.js';
import { until } from '../helpers/world.js';
import { startScriptedBroker } from '../mqtt/scripted-broker.js';

const fixture = { fixture: 'weather-clouds-all-optional-fields-metric.json' };
let owm: FakeOwm;

beforeAll(async () => {
  owm = await startFakeOwm({ apiKey: FAKE_KEY, scripts: { 'q=Lisbon,PT': [fixture], 'q=Berlin,DE': [fixture], 'q=Paris,FR': [fixture] } });
});
afterAll(async () => {
  await owm?.close();
});

describe('messages over the broker size limit (MQTT 5)', () => {
  it('message_size_limit: --once names the topic, its size and the setting, at once, and publishes the rest', async () => {
    // `state` (about 900 bytes) is over it; the single topics are not.
    const broker = await startBroker(['message_size_limit 400']);
    try {
      const prefix = uniquePrefix('size5');
      const started = Date.now();
      const run = await runCli(
        ['--once'],
        baseEnv(owm.url, broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', MQTT_PROTOCOL_VERSION: '5', MQTT_TIMEOUT_MS: '10000' }),
      );
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(
        new RegExp(
          `refused "${prefix}/lisbon/state" as too large \\(\\d+ bytes of payload; reason 149, packet too large\\): raise its size limit \\(Mosquitto: message_size_limit`,
        ),
      );
      expect(run.stderr).not.toMatch(/cannot connect|ACL|did not acknowledge/);
      expect(Date.now() - started).toBeLessThan(5000); // an answer, not the 10 s timeout
      const retained = await retainedSnapshot(broker.url, `${prefix}/#`);
      expect(retained.get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
    } finally {
      await broker.stop();
    }
  });

  it('max_packet_size: --once does not send what the broker said it would not take (CONNACK Maximum Packet Size)', async () => {
    const broker = await startBroker(['max_packet_size 500']);
    try {
      const prefix = uniquePrefix('packet5');
      const run = await runCli(
        ['--once'],
        baseEnv(owm.url, broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', MQTT_PROTOCOL_VERSION: '5' }),
      );
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(
        new RegExp(
          `"${prefix}/lisbon/state" is a \\d+-byte packet and the MQTT broker at \\S+ takes at most 500 \\(its Maximum Packet Size; Mosquitto: max_packet_size\\)`,
        ),
      );
      // The broker never had to disconnect us: the other topics of the location are there.
      expect(run.stderr).not.toMatch(/was lost|cannot connect/);
      expect((await retainedSnapshot(broker.url, `${prefix}/#`)).get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
    } finally {
      await broker.stop();
    }
  });

  it('the daemon says the next poll tries again, not a reconnect that is not coming', async () => {
    const broker = await startBroker(['message_size_limit 400']);
    const child = spawnCli(
      [],
      baseEnv(owm.url, broker.url, uniquePrefix('size5d'), {
        OWM_LOCATIONS: 'Lisbon,PT',
        MQTT_PROTOCOL_VERSION: '5',
        SCHEDULE: '0 0 1 1 *',
      }),
    );
    const exit = finished(child, 30_000);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await until(() => stderr.includes('as too large'));
      expect(stderr).toContain('; will try again at the next poll');
      expect(stderr).not.toMatch(/will republish after reconnect|cannot connect|lost the MQTT broker/);
    } finally {
      child.kill('SIGTERM');
      await exit;
      await broker.stop();
    }
  });
});

describe('a broker that goes silent (a partition), not one that refuses', () => {
  it('--once says the connection is lost, not that an ACL may refuse', async () => {
    const broker = await startFakeBroker('never-ack');
    try {
      const run = await runCli(
        ['--once'],
        baseEnv(owm.url, broker.url, uniquePrefix('silent'), { OWM_LOCATIONS: 'Lisbon,PT', MQTT_TIMEOUT_MS: '500' }),
      );
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('answered nothing for');
      expect(run.stderr).toContain('the connection is lost (network down, or the broker hung)');
      expect(run.stderr).not.toContain('ACL');
    } finally {
      await broker.close();
    }
  });

  it('the daemon treats it as a lost connection: reconnects and says it will republish then', async () => {
    const broker = await startFakeBroker('never-ack');
    const child = spawnCli(
      [],
      baseEnv(owm.url, broker.url, uniquePrefix('silentd'), {
        OWM_LOCATIONS: 'Lisbon,PT',
        MQTT_TIMEOUT_MS: '500',
        SCHEDULE: '0 0 1 1 *',
        MQTT_RECONNECT_MIN_MS: '100',
        MQTT_RECONNECT_MAX_MS: '200',
      }),
    );
    const exit = finished(child, 30_000);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await until(() => broker.connections() >= 2);
      expect(stderr).toContain('answered nothing for');
      expect(stderr).toContain('lost the MQTT broker');
      expect(stderr).toContain('will republish after reconnect');
      expect(stderr).not.toContain('ACL');
    } finally {
      child.kill('SIGTERM');
      await exit;
      await broker.close();
    }
  });
});

describe('another client with the same MQTT_CLIENT_ID', () => {
  it.each([5, 4])(
    'MQTT %i: says so once and yields instead of flip-flopping bridge/status',
    async (protocol) => {
      const broker = await startBroker();
      const prefix = uniquePrefix(`takeover-${protocol}`);
      const status = await Subscriber.connect(broker.url, `${prefix}/bridge/status`);
      const env = baseEnv(owm.url, broker.url, prefix, {
        OWM_LOCATIONS: 'Lisbon,PT',
        SCHEDULE: '0 0 1 1 *',
        MQTT_CLIENT_ID: 'shared-id',
        MQTT_PROTOCOL_VERSION: String(protocol),
        MQTT_RECONNECT_MIN_MS: '100',
        MQTT_RECONNECT_MAX_MS: '500',
        LOG_LEVEL: 'debug',
      });
      const first = spawnCli([], env);
      const second = spawnCli([], env);
      const stderrs = [stderrSoFar(first), stderrSoFar(second)];
      const exits = [finished(first, 30_000), finished(second, 30_000)];
      try {
        await status.waitFor((m) => m.length > 0);
        // The pair settles: each one pushed off stays away longer each time (500 ms, 1 s, 2 s…), until one of
        // them leaves the broker to the other for 2 s or more. Before the fix: about 3 flips a second, for ever.
        await until(() => stderrs.some((read) => /taken over again; trying again in ([2-9]\d{3}|\d{5,}) ms/.test(read())), 20_000);
        for (const read of stderrs) {
          const waits = [...read().matchAll(/trying again in (\d+) ms/g)].map((match) => Number(match[1]));
          for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(1000);
        }
      } finally {
        first.kill('SIGTERM');
        second.kill('SIGTERM');
        const runs = await Promise.all(exits);
        await status.close();
        await broker.stop();
        const said = runs.map(
          (run) =>
            run.stderr.split('\n').filter((line) => line.includes('another client with the same MQTT_CLIENT_ID ("shared-id")')).length,
        );
        expect(Math.max(...said)).toBe(1);
      }
    },
    20_000,
  );
});

describe('a broker restarted twice within a minute is no other client', () => {
  // fast: the broker is back before the first reconnect attempt; slow: attempts are refused meanwhile.
  it.each([
    [4, 'fast', 2],
    [5, 'fast', 2],
    [4, 'slow', 3],
  ] as const)(
    'MQTT %i, %s restarts (%i): no takeover line, and back within a reconnect period each time',
    async (protocol, speed, restarts) => {
      const broker = await startBroker();
      const env = baseEnv(owm.url, broker.url, uniquePrefix(`restart-${protocol}`), {
        OWM_LOCATIONS: 'Lisbon,PT',
        SCHEDULE: '0 0 1 1 *',
        MQTT_CLIENT_ID: 'x1',
        MQTT_PROTOCOL_VERSION: String(protocol),
        MQTT_RECONNECT_MIN_MS: speed === 'fast' ? '1000' : '200',
        MQTT_RECONNECT_MAX_MS: '10000',
      });
      const child = spawnCli([], env);
      const exit = finished(child, 30_000);
      const stderr = stderrSoFar(child);
      const connects = () => stderr().split('connected to the MQTT broker').length - 1;
      try {
        await until(() => connects() === 1);
        for (let restart = 1; restart <= restarts; restart++) {
          await broker.stop();
          if (speed === 'slow') await until(() => stderr().includes('ECONNREFUSED'));
          await broker.start();
          // Before: the second restart read as a takeover, and the bridge stayed away 10 s (MQTT_RECONNECT_MAX_MS).
          await until(() => connects() === 1 + restart, 3000);
        }
      } finally {
        child.kill('SIGTERM');
        await exit;
        await broker.stop();
      }
      expect(stderr()).not.toContain('MQTT_CLIENT_ID');
    },
  );
});

describe('a message over Mosquitto max_packet_size under MQTT 3.1.1 (the broker closes the connection on it)', () => {
  it('the daemon names the topic and its size, stops replaying it, and publishes the rest; no takeover', async () => {
    const broker = await startBroker(['max_packet_size 200']);
    const prefix = uniquePrefix('packet4');
    const child = spawnCli(
      [],
      baseEnv(owm.url, broker.url, prefix, {
        OWM_LOCATIONS: 'Lisbon,PT',
        SCHEDULE: '0 0 1 1 *',
        MQTT_RECONNECT_MIN_MS: '100',
        MQTT_RECONNECT_MAX_MS: '500',
      }),
    );
    const exit = finished(child, 30_000);
    const stderr = stderrSoFar(child);
    try {
      // Before: every reconnect replayed it and was closed again; after the second close the log blamed another client.
      await until(() => stderr().includes('not sent any more'));
      // Reconnected (the broker published our Last Will on each close), the rest replayed.
      await until(
        async () => (await retainedSnapshot(broker.url, `${prefix}/bridge/status`)).get(`${prefix}/bridge/status`)?.payload === 'online',
      );
      const retained = await retainedSnapshot(broker.url, `${prefix}/#`);
      expect(retained.get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
      expect(retained.has(`${prefix}/lisbon/state`)).toBe(false);
    } finally {
      child.kill('SIGTERM');
      await exit;
      await broker.stop();
    }
    const lines = stderr().split('\n');
    const closedRightAfter = new RegExp(
      `WARN  the MQTT broker at \\S+ closed the connection right after "${prefix}/lisbon/state" \\(\\d+ bytes\\) without acknowledging it: a size limit \\(Mosquitto: max_packet_size\\) or an ACL that disconnects\\?`,
    );
    expect(lines.filter((line) => closedRightAfter.test(line))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('not sent any more'))).toHaveLength(1);
    expect(stderr()).not.toContain('MQTT_CLIENT_ID');
  });
});

describe('a broker that queues one message (max_queued_messages 1)', () => {
  it('--once warns that the read-back failed and what that means for change-only publishing', async () => {
    const broker = await startBroker(['max_inflight_messages 1', 'max_queued_messages 1']);
    try {
      const prefix = uniquePrefix('queue1');
      const env = baseEnv(owm.url, broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT;Berlin,DE;Paris,FR', MQTT_TIMEOUT_MS: '1000' });
      expect((await runCli(['--once'], env)).code).toBe(0);
      const run = await runCli(['--once'], env);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/WARN\s+could not read back what the MQTT broker at \S+ retains under \S+\/\+\/observed_at/);
      expect(run.stderr).toContain('Change-only publishing is off for this run: every location is published in full');
    } finally {
      await broker.stop();
    }
  });
});

describe('MQTT 5 DISCONNECT 142 (session taken over), from a broker that sends it', () => {
  it('the daemon names it once and stays away MQTT_RECONNECT_MAX_MS, then longer', async () => {
    const broker = await startScriptedBroker({ takeOverAfterMs: 50 });
    const child = spawnCli(
      [],
      baseEnv(owm.url, broker.url, uniquePrefix('t142'), {
        OWM_LOCATIONS: 'Lisbon,PT',
        SCHEDULE: '0 0 1 1 *',
        MQTT_CLIENT_ID: 'shared-id',
        MQTT_PROTOCOL_VERSION: '5',
        MQTT_RECONNECT_MIN_MS: '100',
        MQTT_RECONNECT_MAX_MS: '1000',
        LOG_LEVEL: 'debug',
      }),
    );
    const stderr = stderrSoFar(child);
    const exit = finished(child, 30_000);
    try {
      // Pushed off a second time, on its second connection: it stays away 1 s, then 2 s, and connects
      // only when those are over. Before: a reconnect within 100 ms after each takeover, with no such lines.
      await lineIn(stderr, /taken over again; trying again in 2000 ms/);
      expect(stderr()).toContain('Leaving the broker to it for 1 s, longer after each takeover');
      expect(broker.connections()).toBe(2);
    } finally {
      child.kill('SIGTERM');
      const { stderr } = await exit;
      await broker.close();
      expect(
        stderr
          .split('\n')
          .filter((line) => line.includes('another client with the same MQTT_CLIENT_ID ("shared-id") connected to the MQTT broker')).length,
      ).toBe(1);
      expect(stderr).toContain('(MQTT 5 reason 142, session taken over)');
    }
  });
});

describe('Home Assistant discovery for 2,000 locations (54,000 configs)', () => {
  it('goes out in bounded batches, and a failure says exactly how much the broker acknowledged', async () => {
    // Acknowledges `online` and 4,999 configs, then goes silent.
    const broker = await startScriptedBroker({ ackFirst: 5000 });
    try {
      const locations = Array.from({ length: 2000 }, (_, i) => `geo:${(i / 100).toFixed(2)},1=l${i}`).join(';');
      const run = await runCli(
        ['--once'],
        baseEnv(owm.url, broker.url, uniquePrefix('batches'), {
          OWM_LOCATIONS: locations,
          HA_DISCOVERY: 'true',
          PUBLISH_UNCHANGED: 'true',
          MQTT_TIMEOUT_MS: '1000',
        }),
        { timeoutMs: 60_000 },
      );
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(
        /did not acknowledge \d+ message\(s\) within 1000 ms \(MQTT_TIMEOUT_MS\) and answered nothing for \d+ ms, not even a ping: the connection is lost .*; 4999 of 54000 messages were acknowledged\. Nothing was fetched\./,
      );
      expect(run.stderr).not.toContain('Nothing was fetched or published');
      // At most one batch beyond what was acknowledged went out: the rest was never held in memory.
      expect(broker.published()).toBeLessThanOrEqual(5000 + 1000);
    } finally {
      await broker.close();
    }
  }, 70_000);
});
