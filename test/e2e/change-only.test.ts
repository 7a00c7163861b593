import { describe, expect, it } from 'vitest';
import { finished, runCli, spawnCli } from '../helpers/cli.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { Subscriber } from '../helpers/subscriber.js';
import { until, useBrokerAndOwm } from '../helpers/world.js';

const FIRST = 'weather-clouds-all-optional-fields-metric.json'; // dt 2026-08-01T08:44:45Z, 22.55 °C
const LATER = 'weather-snow-1h-negative-accented-name-no-visibility-no-sys-type-metric.json'; // dt 08:55:32Z, -1.44 °C
const world = useBrokerAndOwm();

const count = (live: Subscriber, topic: string) => live.messages.filter((m) => m.topic === topic).length;

describe('publish only what is new', () => {
  it('--once: the same observation twice publishes the quantities once (read back from the broker), a new one again', async () => {
    const prefix = uniquePrefix('once');
    world.owm.script('q=Lisbon,PT', [{ fixture: FIRST }]);
    const live = await Subscriber.connect(world.broker.url, `${prefix}/#`);
    const env = baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT' });
    try {
      expect((await runCli(['--once'], env)).code).toBe(0);
      const second = await runCli(['--once'], env);
      expect(second.code).toBe(0);
      expect(second.stderr).toContain('lisbon: unchanged since 2026-08-01T08:44:45Z: published last_success only');
      world.owm.script('q=Lisbon,PT', [{ fixture: LATER }]);
      expect((await runCli(['--once'], env)).code).toBe(0);
      await live.waitFor((m) => m.filter((x) => x.topic === `${prefix}/lisbon/last_success`).length === 3);
      await live.waitFor((m) => m.some((x) => x.topic === `${prefix}/lisbon/temperature` && x.payload === '-1.44'));
      expect(live.messages.filter((m) => m.topic === `${prefix}/lisbon/temperature`).map((m) => m.payload)).toEqual(['22.55', '-1.44']);
      expect(count(live, `${prefix}/lisbon/state`)).toBe(2);
      expect(count(live, `${prefix}/lisbon/errors`)).toBe(3);
    } finally {
      await live.close();
    }
  });

  it('PUBLISH_UNCHANGED=true publishes every quantity every time', async () => {
    const prefix = uniquePrefix('always');
    world.owm.script('q=Lisbon,PT', [{ fixture: FIRST }]);
    const live = await Subscriber.connect(world.broker.url, `${prefix}/#`);
    const env = baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', PUBLISH_UNCHANGED: 'true' });
    try {
      expect((await runCli(['--once'], env)).code).toBe(0);
      expect((await runCli(['--once'], env)).code).toBe(0);
      await live.waitFor((m) => m.filter((x) => x.topic === `${prefix}/lisbon/state`).length === 2);
      expect(count(live, `${prefix}/lisbon/temperature`)).toBe(2);
    } finally {
      await live.close();
    }
  });

  it('daemon: polls of the same observation publish the quantities once; a new observation publishes again', async () => {
    const prefix = uniquePrefix('daemon');
    world.owm.script('q=Lisbon,PT', [{ fixture: FIRST }]);
    const live = await Subscriber.connect(world.broker.url, `${prefix}/#`);
    const child = spawnCli([], baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', SCHEDULE: '* * * * * *' }));
    const exit = finished(child, 30_000);
    try {
      await until(() => count(live, `${prefix}/lisbon/last_success`) >= 3);
      expect(count(live, `${prefix}/lisbon/temperature`)).toBe(1);
      world.owm.script('q=Lisbon,PT', [{ fixture: LATER }]);
      await live.waitFor((m) => m.some((x) => x.topic === `${prefix}/lisbon/temperature` && x.payload === '-1.44'));
      expect(count(live, `${prefix}/lisbon/temperature`)).toBe(2);
    } finally {
      child.kill('SIGTERM');
      await exit;
      await live.close();
    }
  });
});
