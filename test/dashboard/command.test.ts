/**
 * `owm2mqtt dashboard` end to end: the built program, a real Mosquitto fed with mosquitto_pub,
 * its SQLite history in a temporary folder, and Debian's Chromium driven by playwright-core.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type TestBroker } from '../helpers/broker.js';
import { CLI, finished, spawnCli, stderrSoFar } from '../helpers/cli.js';
import { spawnEnv, trackChild } from '../helpers/processes.js';
import { dirname } from 'node:path';
import { freePort } from '../helpers/ports.js';
import { publish } from '../helpers/subscriber.js';
import { until } from '../helpers/world.js';
import { type RunningChromium, startChromium } from './page/helpers/chromium.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'dashboard');
mkdirSync(ARTIFACTS, { recursive: true });
const HOSTILE = '<img src=x onerror=alert(1)>';
const PASSWORD = 'correct horse battery';

let broker: TestBroker;
let chromium: RunningChromium;
const work = mkdtempSync(join(tmpdir(), 'owm2mqtt-dashboard-e2e-'));

beforeAll(async () => {
  [broker, chromium] = await Promise.all([startBroker(), startChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await broker?.stop();
  rmSync(work, { recursive: true, force: true });
});

interface Running {
  readonly url: string;
  readonly log: () => string;
  /** SIGTERM, then its exit code and its log. */
  stop(): Promise<{ code: number | null; log: string }>;
}

/** The built `owm2mqtt dashboard`, once it serves its page and its MQTT session is up. */
async function startDashboard(env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const child = spawnCli(['dashboard'], {
    MQTT_URL: broker.url,
    DASHBOARD_PORT: String(port),
    DASHBOARD_DB: join(work, 'history.db'),
    DASHBOARD_TOPICS: 'maison/#;stats/#;exterieur/#',
    ...env,
  });
  const log = stderrSoFar(child);
  const exit = finished(child, 60_000);
  await Promise.race([
    until(() => log().includes('connected to the MQTT broker'), 20_000),
    exit.then((run) => {
      throw new Error(`the dashboard exited (${run.code}): ${run.stderr}`);
    }),
  ]);
  return {
    url: `http://127.0.0.1:${port}/`,
    log,
    stop: async () => {
      child.kill('SIGTERM');
      const run = await exit;
      return { code: run.code, log: run.stderr };
    },
  };
}

async function openPage(url: string, width = 1280) {
  const context = await chromium.browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url);
  return { context, page, dialogs, errors };
}

const readingOf = (page: Page, place: string, quantity: string) =>
  page.locator(`.tile[data-place="${place}"] .reading-row`, { has: page.locator('dt', { hasText: quantity }) }).locator('.reading');

const pointsOf = (page: Page, quantity: string) =>
  page.evaluate((q) => Number(document.querySelector(`[data-quantity="${q}"]`)?.getAttribute('data-points') ?? 0), quantity);

// A whole page load in Chromium and two starts of the program, on a machine shared with other runs.
describe('owm2mqtt dashboard, built, against Mosquitto, in Chromium', { timeout: 120_000 }, () => {
  it('shows a value published with mosquitto_pub within a second, and its history after a restart', async () => {
    let dashboard = await startDashboard({});
    // Some history, then the page.
    for (const value of ['19.5', '19.75', '20']) await publish(broker.url, 'maison/salon/temperature', value);
    await publish(broker.url, 'exterieur/lisbon/temperature', '14.2');
    const first = await openPage(dashboard.url);
    await readingOf(first.page, 'maison/salon', 'temperature').filter({ hasText: '20' }).waitFor();

    await publish(broker.url, 'maison/salon/temperature', '21.25');
    // mosquitto_pub has exited: the broker has the message. The page shows it within a second.
    await readingOf(first.page, 'maison/salon', 'temperature').filter({ hasText: '21.25' }).waitFor({ timeout: 1000 });
    await publish(broker.url, 'maison/cuisine/humidity', '48');
    await readingOf(first.page, 'maison/cuisine', 'humidity').filter({ hasText: '48' }).waitFor({ timeout: 1000 });
    await first.page.screenshot({ path: join(ARTIFACTS, 'command-live.png'), fullPage: true });
    // A value of a topic already charted: the page reads no history for it, so it waits in memory to be written.
    await publish(broker.url, 'maison/salon/temperature', '22.75');
    await readingOf(first.page, 'maison/salon', 'temperature').filter({ hasText: '22.75' }).waitFor({ timeout: 1000 });
    await first.context.close();

    // A clean stop writes what waits; nothing on the broker is retained, so only the history can show it again.
    const stopped = await dashboard.stop();
    expect(stopped.code, stopped.log).toBe(0);
    expect(stopped.log).toContain('SIGTERM received: closing the dashboard');
    dashboard = await startDashboard({});
    const again = await openPage(dashboard.url);
    await readingOf(again.page, 'maison/salon', 'temperature').filter({ hasText: '22.75' }).waitFor({ timeout: 5000 });
    await readingOf(again.page, 'maison/cuisine', 'humidity').filter({ hasText: '48' }).waitFor();
    await again.page.waitForFunction(
      () => Number(document.querySelector('[data-quantity="temperature"]')?.getAttribute('data-points') ?? 0) > 0,
    );
    // Time from navigation to the first chart with points (docs/dashboard.md records it; no assertion).
    const firstChartMs = await again.page.evaluate(() => performance.now());
    process.stdout.write(`dashboard e2e: navigation to the first chart drawn from the history: ${Math.round(firstChartMs)} ms\n`);
    expect(await pointsOf(again.page, 'temperature')).toBeGreaterThan(0);
    await again.context.close();
    const last = await dashboard.stop();
    expect(last.code, last.log).toBe(0);
  });

  it("draws the bridge's forecast dashed after the history on the temperature chart, and records none of the forecast topics", async () => {
    const dashboard = await startDashboard({ DASHBOARD_DB: join(work, 'forecast.db') });
    for (const value of ['14.5', '15', '15.5']) await publish(broker.url, 'exterieur/porto/temperature', value);
    // What the bridge publishes with OWM_FORECAST=true: the document (retained), and the horizons that must not become series.
    const hour = 3600_000;
    const nextStep = Math.ceil(Date.now() / (3 * hour)) * 3 * hour;
    const steps = [-3, 0, 3, 6, 9].map((h, i) => ({
      time: new Date(nextStep + h * hour).toISOString().replace('.000Z', 'Z'),
      temperature: 16 + i,
    }));
    await publish(broker.url, 'exterieur/porto/forecast', JSON.stringify({ units: 'metric', fetched_at: steps[0]!.time, steps }), {
      retain: true,
    });
    await publish(broker.url, 'exterieur/porto/forecast/3h/temperature', '17', { retain: true });
    await publish(broker.url, 'exterieur/porto/forecast/today/temp_max', '20', { retain: true });
    // Hostile: steps not JSON numbers, a time that is not a time; each refused whole, the good forecast stays.
    await publish(broker.url, 'exterieur/porto/forecast', JSON.stringify({ steps: [{ time: 'tomorrow', temperature: 99 }] }));

    const { page, context, errors } = await openPage(dashboard.url);
    const chart = page.locator('[data-quantity="temperature"]');
    const legend = chart.locator('.legend', { hasText: 'exterieur/porto/temperature (forecast)' });
    await legend.waitFor();
    // Only the steps after now are drawn: the one 3 hours before the next step is past.
    await page.waitForFunction(
      () => Number(document.querySelector('[data-quantity="temperature"]')?.getAttribute('data-forecast-points')) > 0,
    );
    const forecastPoints = Number(await chart.getAttribute('data-forecast-points'));
    expect(forecastPoints).toBeGreaterThanOrEqual(2);
    expect(forecastPoints).toBeLessThanOrEqual(4);
    expect(await chart.locator('.swatch.forecast').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'command-forecast.png'), fullPage: true });

    const series = (await (await fetch(new URL('/api/series', dashboard.url))).json()) as { series: { topic: string }[] };
    expect(series.series.map((value) => value.topic)).toEqual(['exterieur/porto/temperature']);
    expect(await page.locator('.tile', { hasText: 'temp_max' }).count()).toBe(0);

    // A new forecast replaces the line; a cleared one removes it, live.
    await publish(broker.url, 'exterieur/porto/forecast', '', { retain: true });
    await legend.waitFor({ state: 'detached', timeout: 5000 });
    expect(errors).toEqual([]);
    await context.close();
    const stopped = await dashboard.stop();
    expect(stopped.code, stopped.log).toBe(0);
  });

  it('keeps a hostile topic and payloads inert: text on the page, no element, no dialog', async () => {
    const dashboard = await startDashboard({ DASHBOARD_DB: ':memory:' });
    const opened = await openPage(dashboard.url);
    await publish(broker.url, `maison/${HOSTILE}/temperature`, '22.5');
    await publish(broker.url, `maison/${HOSTILE}/status`, `${HOSTILE}\u0007\u001b[2J`);
    await publish(
      broker.url,
      `stats/alerts/maison/${HOSTILE}/temperature/hot`,
      JSON.stringify({ state: 'active', value: '<script>alert(2)</script>', threshold: 25, note: 'bell\u0007 escape\u001b[31m' }),
    );
    await opened.page.locator('.alert', { hasText: '<script>alert(2)</script>' }).waitFor();
    await opened.page.locator(`.tile[data-place="maison/${HOSTILE}"]`).waitFor();
    await opened.page.getByText(HOSTILE, { exact: false }).first().waitFor();
    expect(await opened.page.locator('img').count()).toBe(0);
    expect(await opened.page.locator('script').count()).toBe(1);
    expect(opened.dialogs).toEqual([]);
    expect(opened.errors).toEqual([]);
    await opened.page.screenshot({ path: join(ARTIFACTS, 'command-hostile.png'), fullPage: true });
    await opened.context.close();
    const stopped = await dashboard.stop();
    expect(stopped.code).toBe(0);
    // Nothing of what the broker sent reached the log as a terminal escape.
    expect(stopped.log).not.toContain('\u001b');
  });

  it('with DASHBOARD_PASSWORD: a wrong password gets 401 and the login page, never data', async () => {
    const dashboard = await startDashboard({ DASHBOARD_DB: ':memory:', DASHBOARD_PASSWORD: PASSWORD, DASHBOARD_HOST: '127.0.0.1' });
    await publish(broker.url, 'maison/salon/temperature', '23.5');
    expect((await fetch(new URL('/api/series', dashboard.url))).status).toBe(401);
    expect((await fetch(new URL('/api/range?from=0&to=1&maxPoints=10&topic=maison/salon/temperature', dashboard.url))).status).toBe(401);

    const { page, context } = await openPage(dashboard.url, 412);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Password').fill('not the password');
    const [wrong] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/login')),
      page.getByRole('button', { name: 'Log in' }).click(),
    ]);
    expect(wrong.status()).toBe(401);
    expect(await wrong.text()).not.toContain('23.5');
    await page.getByText('Wrong password.').waitFor();
    expect(await page.locator('.tile').count()).toBe(0);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await readingOf(page, 'maison/salon', 'temperature').filter({ hasText: '23.5' }).waitFor();
    await context.close();
    const stopped = await dashboard.stop();
    expect(stopped.code).toBe(0);
    expect(stopped.log).not.toContain(PASSWORD);
  });

  it('without better-sqlite3 (an optional dependency), says what to install and serves the live values', async () => {
    // The built program copied where no node_modules is above it: better-sqlite3 cannot be found.
    const alone = join(work, 'alone');
    cpSync(dirname(CLI), join(alone, 'dist'), { recursive: true });
    const port = await freePort();
    const child = trackChild(
      spawn(process.execPath, [join(alone, 'dist', 'owm2mqtt.cjs'), 'dashboard'], {
        cwd: alone,
        env: spawnEnv({
          PATH: process.env.PATH ?? '',
          MQTT_URL: broker.url,
          DASHBOARD_PORT: String(port),
          DASHBOARD_DB: join(alone, 'h.db'),
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
      'owm2mqtt dashboard without better-sqlite3',
    );
    const log = stderrSoFar(child);
    const exit = finished(child, 30_000);
    await until(() => log().includes('connected to the MQTT broker'), 20_000);
    expect(log()).toContain('the dashboard keeps its history with better-sqlite3, an optional dependency, and it is not installed');
    expect(log()).not.toMatch(/\n\s+at /);
    await publish(broker.url, 'maison/salon/temperature', '24.5');
    await until(async () => {
      const body = (await (await fetch(`http://127.0.0.1:${port}/api/series`)).json()) as { series: { topic: string; value: number }[] };
      return body.series.some((value) => value.topic === 'maison/salon/temperature' && value.value === 24.5);
    }, 5000);
    const series = (await (await fetch(`http://127.0.0.1:${port}/api/series`)).json()) as { historyError?: string };
    expect(series.historyError).toMatch(/the history cannot be read now/);
    child.kill('SIGTERM');
    expect((await exit).code).toBe(0);
  });

  it('says so and exits 1 when its port is taken', async () => {
    const dashboard = await startDashboard({ DASHBOARD_DB: ':memory:' });
    const port = new URL(dashboard.url).port;
    const second = spawnCli(['dashboard'], { MQTT_URL: broker.url, DASHBOARD_PORT: port, DASHBOARD_DB: ':memory:' });
    const run = await finished(second, 30_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`DASHBOARD_PORT=${port}: another program already listens on 127.0.0.1:${port}`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    await dashboard.stop();
  });
});
