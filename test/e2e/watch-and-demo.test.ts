import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { render, emptyState, record } from '../../src/watch/table.js';
import { finished, runCli, spawnCli } from '../helpers/cli.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { trackChild } from '../helpers/processes.js';
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
  it('runs the real bridge against its stand-ins, shows the table, and exits 0 by itself', async () => {
    const demo = fileURLToPath(new URL('../../build/demo.js', import.meta.url));
    const child = spawn(process.execPath, [demo], {
      env: { PATH: process.env.PATH ?? '', DEMO_SECONDS: '4' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    trackChild(child, 'npm run demo');
    const run = await finished(child, 30_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^lisbon\s+\d/m);
    expect(run.stdout).toMatch(/^berlin\s+\d/m);
    expect(run.stdout).toMatch(/^curacautin\s+-?\d/m);
    expect(run.stdout).toContain('exterieur/bridge/status: online');
    expect(run.stdout).toContain('To run it for real');
  });
});
