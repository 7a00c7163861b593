import { spawn } from 'node:child_process';
import { CLI } from '../helpers/cli.js';
import { spawnEnv } from '../helpers/processes.js';
import { publish } from '../helpers/subscriber.js';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/table.js';
import { render, emptyState, record } from '../../src/watch/table.js';
import { finished, runCli, spawnCli } from '../helpers/cli.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { trackChild, trackServer } from '../helpers/processes.js';
import { until, useBrokerAndOwm } from '../helpers/world.js';

const world = useBrokerAndOwm({ 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }] });

describe('owm2mqtt watch', () => {
  it('shows what is on the broker, one line per message when piped, and exits 0 on Ctrl-C', async () => {
    const prefix = uniquePrefix('watch');
    const env = baseEnv(world.owm.url, world.broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT' });
    expect((await runCli(['--once'], env)).code).toBe(0);
    const child = spawnCli(['watch'], env);
    const exit = finished(child, 20_000);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await until(() => out.includes(`${prefix}/lisbon/temperature 22.55`));
    child.kill('SIGINT');
    const run = await exit;
    expect(run.code).toBe(0);
    expect(out).toContain(`${prefix}/bridge/status online`);
    expect(out).toMatch(/lisbon\s+22\.55\s+22\.87\s+77\s+18\.31\s+1016/);
  });

  it('on a terminal, shows hostile topics and payloads escaped and cut, never interpreted', async () => {
    const prefix = uniquePrefix('watch-tty');
    const env = baseEnv(world.owm.url, world.broker.url, prefix);
    const hostile: Record<string, string> = {
      [`${prefix}/clear/temperature`]: '\x1b[2J\x1b[H',
      [`${prefix}/title/temperature`]: '\x1b]0;pwned\x07',
      [`${prefix}/clipboard/temperature`]: '\x1b]52;c;cm0gLXJmIH4=\x07',
      [`${prefix}/c1/temperature`]: '\u009b31mred',
      [`${prefix}/evil\u202elevel/temperature`]: 'abc\u202edef',
    };
    for (const [topic, payload] of Object.entries(hostile)) await publish(world.broker.url, topic, payload, { retain: true });
    await publishFromStdin(world.broker.url, `${prefix}/bridge/status`, 'x'.repeat(1024 * 1024));
    // `script` gives watch a pseudo-terminal: its stdout is a TTY, as in a real terminal.
    const command = `exec ${[process.execPath, CLI, 'watch'].map((word) => `'${word}'`).join(' ')}`;
    const child = trackChild(
      spawn('script', ['-qfec', command, '/dev/null'], {
        env: spawnEnv({ PATH: process.env.PATH ?? '', TERM: 'dumb', ...env }),
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
      'owm2mqtt watch on a pseudo-terminal',
    );
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await until(() => out.includes('(Ctrl-C to stop)'));
    // Published after the subscription: once its row is drawn, every retained message was too.
    await publish(world.broker.url, `${prefix}/sentinel/temperature`, '7');
    await until(() => /^sentinel\s+7/m.test(out));
    child.stdin.write('\x03');
    expect(await exit, out.slice(-2000)).toBe(0);
    // Its own redraws aside, nothing the broker sent reached the terminal as a control.
    const shown = out.replaceAll('\x1b[2J\x1b[H', '');
    expect(shown).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202e]/u);
    expect(shown).toContain('\\x1b[2J');
    expect(shown).toContain('\\x1b]0;pwned\\x07');
    expect(shown).toContain('\\x1b]52;c;');
    expect(shown).toContain('\\x9b31mred');
    expect(shown).toContain('evil\\u202elevel');
    // The megabyte status is cut on every redraw.
    expect(shown).toContain('more characters)');
    expect(out.length).toBeLessThan(100_000);
  });

  it('renders a row per location and a dot for what is missing', () => {
    const state = emptyState();
    record(state, 'p', 'p/oslo/temperature', '-3');
    record(state, 'p', 'p/oslo/wind_speed', '4');
    record(state, 'p', 'p/oslo/wind_speed', '');
    record(state, 'p', 'p/bridge/status', 'offline');
    expect(record(state, 'p', 'other/x/y', '1')).toBe(false);
    const text = render(state, 'p');
    expect(text).toContain('p/bridge/status: offline');
    expect(text).toMatch(/^oslo\s+-3\s+·/m);
  });
});

describe('npm run demo', () => {
  /** The live stream's first event: the values, statuses and alerts the dashboard holds. */
  async function snapshotOf(url: string): Promise<{ alerts: { topic: string }[]; values: { topic: string }[] }> {
    const abort = new AbortController();
    const response = await fetch(new URL('/api/live', url), { signal: abort.signal });
    const reader = response.body!.getReader();
    let text = '';
    while (!/event: snapshot\ndata: .*\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    return JSON.parse(/event: snapshot\ndata: (.*)\n/.exec(text)![1]!) as { alerts: { topic: string }[]; values: { topic: string }[] };
  }

  it('runs the broker, the stand-in, the bridge, the rooms, the aggregator and the dashboard, prints the address, and stops on SIGINT', {
    timeout: 180_000,
  }, async () => {
    const demo = fileURLToPath(new URL('../../build/demo.js', import.meta.url));
    const child = spawn(process.execPath, [demo], {
      env: { PATH: process.env.PATH ?? '', DEMO_SECONDS: '120' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A group of its own: if the test fails, its broker and its four owm2mqtt go with it.
      detached: true,
    });
    trackChild(child, 'npm run demo');
    trackServer('the processes of npm run demo', async () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    });
    const run = finished(child, 150_000);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await until(() => /dashboard\s+http:\/\/127\.0\.0\.1:\d+\//.test(stdout), 30_000);
    const url = /dashboard\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)![1]!;
    const topics = async () => (await snapshotOf(url)).values.map((value) => value.topic);
    // The bridge's outdoor temperature, through the broker, on the dashboard.
    await until(async () => (await topics()).includes('exterieur/lisbon/temperature'), 30_000);
    // simulate and aggregate are started by command name: until their rows are in the table, the demo goes on without them.
    if (COMMANDS.some((command) => command.name === 'simulate'))
      await until(async () => {
        const seen = await topics();
        return ['salon', 'cuisine', 'chambre'].every((room) => seen.includes(`maison/${room}/temperature`));
      }, 30_000);
    if (COMMANDS.some((command) => command.name === 'aggregate')) {
      await until(async () => (await topics()).some((topic) => topic.startsWith('stats/')), 30_000);
      await until(async () => (await snapshotOf(url)).alerts.length > 0, 60_000);
    }
    child.kill('SIGINT');
    const { code, stderr } = await run;
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Ctrl-C stops everything');
    expect(stdout).toContain('demo: stopping');
  });
});

/** A payload too large for a command line (1 MiB: Linux takes 128 KiB per argument), given on stdin. */
async function publishFromStdin(url: string, topic: string, payload: string): Promise<void> {
  const { hostname, port } = new URL(url);
  const child = trackChild(
    spawn('mosquitto_pub', ['-h', hostname, '-p', port, '-q', '1', '-r', '-t', topic, '-s'], { stdio: ['pipe', 'ignore', 'inherit'] }),
    `mosquitto_pub ${topic}`,
  );
  child.stdin.end(payload);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(0);
}
