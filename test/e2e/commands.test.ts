import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type TestBroker } from '../helpers/broker.js';
import { finished, runCli, spawnCli } from '../helpers/cli.js';
import { uniquePrefix } from '../helpers/env.js';
import { publish } from '../helpers/subscriber.js';
import { until } from '../helpers/world.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => {
  await broker?.stop();
});

describe('each command reads only its own settings', () => {
  it('owm2mqtt watch runs with neither OWM_API_KEY nor OWM_LOCATIONS: it needs only the broker and TOPIC_PREFIX', async () => {
    const prefix = uniquePrefix('watch-no-key');
    await publish(broker.url, `${prefix}/lisbon/temperature`, '22.55', { retain: true });
    const child = spawnCli(['watch'], { MQTT_URL: broker.url, TOPIC_PREFIX: prefix, OWM_UNITS: 'celsius' });
    const exit = finished(child, 20_000);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await until(() => out.includes(`${prefix}/lisbon/temperature 22.55`));
    } finally {
      child.kill('SIGINT');
    }
    const run = await exit;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(out).toMatch(/lisbon\s+22\.55/);
  });

  it('owm2mqtt watch still refuses a bad setting it reads (exit 2), naming it', async () => {
    const run = await runCli(['watch'], { MQTT_URL: 'localhost:1883' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the configuration has 1 problem(s)');
    expect(run.stderr).toContain('MQTT_URL="localhost:1883"');
  });
});

describe('owm2mqtt <command> --help', () => {
  it('owm2mqtt once --help: the usage, the old flag, and every setting with its default; exit 0 with no settings at all', async () => {
    const run = await runCli(['once', '--help'], {});
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^owm2mqtt once: poll every location once, publish, exit\n/);
    expect(run.stdout).toContain('owm2mqtt --once (the same)');
    expect(run.stdout).toMatch(/^ {2}OWM_API_KEY +required +/m);
    expect(run.stdout).toMatch(/^ {2}ONCE_DEADLINE_MS +60000 +/m);
    expect(run.stdout).toMatch(/^ {2}MQTT_URL +mqtt:\/\/localhost:1883 +/m);
  });

  it('owm2mqtt --help lists the commands', async () => {
    const run = await runCli(['--help'], {});
    expect(run.code).toBe(0);
    for (const command of ['run', 'once', 'watch', 'purge']) expect(run.stdout).toMatch(new RegExp(`^ {2}${command} +\\S`, 'm'));
  });
});
