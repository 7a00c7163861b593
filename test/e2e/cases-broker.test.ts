/**
 * Every fixtures/cases folder run through the built CLI against Mosquitto: what a
 * new subscriber finds retained is exactly the non-empty expected messages
 * (cleared quantities leave nothing), at the configured QoS, plus bridge/status.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLocations, selectorParams } from '../../src/owm/locations.js';
import { CASES, caseNames, readCase, readExpectedMessages } from '../helpers/cases.js';
import { runCli } from '../helpers/cli.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { selectorOf } from '../helpers/fake-owm.js';
import { useBrokerAndOwm } from '../helpers/world.js';
import { retainedSnapshot } from '../helpers/subscriber.js';

const world = useBrokerAndOwm();

describe.each(caseNames.filter((name) => readCase(join(CASES, name)).retain))('%s through Mosquitto', (name) => {
  it('leaves exactly the expected retained values', async () => {
    const dir = join(CASES, name);
    const c = readCase(dir);
    const parsed = parseLocations(c.location);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    world.owm.script(selectorOf(new URLSearchParams(selectorParams(parsed.locations[0]!.selector))), [{ fixture: c.response }]);

    // A prefix of the test's own in front of the case's, so runs never share retained topics.
    const own = uniquePrefix('case');
    const prefix = `${own}/${c.prefix}`;
    const run = await runCli(
      ['--once'],
      baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: c.location, OWM_UNITS: c.units, MQTT_QOS: String(c.qos) }),
    );
    expect(run.stderr).not.toContain(FAKE_KEY);
    expect(run.code, run.stderr).toBe(0);

    const retained = await retainedSnapshot(world.broker.url, `${own}/#`);
    const expected = readExpectedMessages(join(dir, 'expected.messages')).map((m) => ({ ...m, topic: `${own}/${m.topic}` }));
    const state = JSON.parse(readFileSync(join(dir, 'expected.state.json'), 'utf8')) as unknown;
    const stateTopic = expected[0]!.topic.replace(/[^/]+$/, 'state');

    // The bridge's own per-location topics, which depend on the time of the run, not on the case.
    const base = stateTopic.replace(/\/state$/, '');
    const lastSuccess = retained.get(`${base}/last_success`)?.payload;
    expect(lastSuccess).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(retained.get(`${base}/errors`)?.payload).toBe('0');
    const bridgeTopics = [stateTopic, `${base}/last_success`, `${base}/errors`, `${prefix}/bridge/status`];

    const want = new Map(expected.filter((m) => m.payload !== '').map((m) => [m.topic, m.payload]));
    const got = new Map([...retained.values()].filter((m) => !bridgeTopics.includes(m.topic)).map((m) => [m.topic, m.payload]));
    expect(got).toEqual(want);
    expect(JSON.parse(retained.get(stateTopic)!.payload)).toEqual({ ...(state as object), last_success: lastSuccess });
    expect(retained.get(`${prefix}/bridge/status`)?.payload).toBe('online');
    for (const message of retained.values()) expect(message.qos, message.topic).toBe(Math.min(c.qos, 1));
  });
});
