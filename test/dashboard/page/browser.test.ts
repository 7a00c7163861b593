import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_UNAVAILABLE } from '../../../src/dashboard/server/snapshot.js';
import { type RunningChromium, startChromium } from './helpers/chromium.js';
import { FakeHistory } from './helpers/fake-history.js';
import { seedHouse } from './helpers/house.js';
import { type PageWorld, removePageAssets, startPageServer } from './helpers/page-server.js';

/** Screenshots are kept (gitignored) for a person to look at. */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'dashboard');
mkdirSync(ARTIFACTS, { recursive: true });
const HOSTILE = '<img src=x onerror=alert(1)>';

let chromium: RunningChromium;
beforeAll(async () => {
  chromium = await startChromium();
});
afterAll(async () => {
  await chromium?.close();
  await removePageAssets();
});

interface Opened {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every request the page attempted that was not to our server (each was refused). */
  readonly foreign: string[];
  /** Console errors (a CSP or Trusted Types violation is one), uncaught exceptions. */
  readonly errors: string[];
  readonly dialogs: string[];
}

/** A fresh context that lets through only requests to our server, recording the others, errors and dialogs. */
async function open(world: PageWorld, options: { viewport?: { width: number; height: number }; dark?: boolean } = {}): Promise<Opened> {
  const origin = new URL(world.server.url).origin;
  const context = await chromium.browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    colorScheme: options.dark ? 'dark' : 'light',
    acceptDownloads: true,
  });
  const foreign: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    foreign.push(url);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy|Trusted Type/i.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { context, page, foreign, errors, dialogs };
}

async function seededWorld(days = 1): Promise<PageWorld> {
  const history = new FakeHistory();
  const world = await startPageServer({ history });
  seedHouse(history, world.live, Date.now(), days);
  return world;
}

const points = (page: Page, quantity: string) =>
  page.evaluate((q) => Number(document.querySelector(`[data-quantity="${q}"]`)?.getAttribute('data-points') ?? 0), quantity);

async function waitForCharts(page: Page): Promise<void> {
  await page.waitForFunction(() => Number(document.querySelector('[data-quantity="temperature"]')?.getAttribute('data-points') ?? 0) > 100);
}

// A whole page load in Chromium, on a machine shared with other runs: more than vitest's 30 s default at worst.
describe('the dashboard page in Chromium', { timeout: 90_000 }, () => {
  it('shows the latest values, statuses, alerts and the history at once, with no request leaving our origin and no CSP violation', async () => {
    const world = await seededWorld();
    const { page, foreign, errors, context } = await open(world);

    // No message reaches the broker during this test: what shows is the history and the retained state.
    const response = await page.goto(world.server.url);
    await page.locator('.tile[data-place="maison/salon"] .reading').first().waitFor();
    await waitForCharts(page);
    await page.screenshot({ path: join(ARTIFACTS, 'desktop-light.png'), fullPage: true });

    expect(response?.headers()['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'; style-src 'self'/);
    const salon = await page.locator('.tile[data-place="maison/salon"]').textContent();
    expect(salon).toMatch(/temperature\s*\d+(\.\d+)? °C/);
    expect(await page.locator('.statuses').textContent()).toMatch(/maison\/chambre\s*offline/);
    expect(await page.locator('.alerts').textContent()).toContain('threshold: 25');
    expect(await points(page, 'humidite')).toBeGreaterThan(100);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
    await world.close();
  });

  it('says what an empty page waits for, and stops saying it with the first value', async () => {
    const world = await startPageServer({ history: new FakeHistory() });
    const { page, context, errors } = await open(world);
    await page.goto(world.server.url);
    const hint = page.locator('#empty');
    await hint.waitFor({ state: 'visible' });
    expect(await hint.textContent()).toContain('No value yet');
    world.live.receive('maison/salon/temperature', '21.5', Date.now());
    await page.getByText('21.5 °C').waitFor({ timeout: 2000 });
    expect(await hint.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
    await world.close();
  });

  it('shows a live sample within a second and extends the chart without building it again', async () => {
    const world = await seededWorld();
    const { page, context, errors } = await open(world);
    await page.goto(world.server.url);
    await waitForCharts(page);
    await page.getByText('live', { exact: true }).waitFor();
    const before = await points(page, 'temperature');
    await page.evaluate(() => {
      (window as unknown as { chartCanvas: Element | null }).chartCanvas = document.querySelector('[data-quantity="temperature"] canvas');
    });

    const sent = Date.now();
    world.live.receive('maison/salon/temperature', '23.45', sent);
    await page.getByText('23.45 °C').waitFor({ timeout: 1000 });
    const shownAfter = Date.now() - sent;
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-quantity="temperature"]')?.getAttribute('data-points')) > n,
      before,
    );

    expect(shownAfter).toBeLessThan(1000);
    const sameChart = await page.evaluate(() => {
      const canvas = (window as unknown as { chartCanvas: Element | null }).chartCanvas;
      return canvas !== null && document.contains(canvas) && document.querySelectorAll('[data-quantity="temperature"] canvas').length === 1;
    });
    expect(sameChart).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
    await world.close();
  });

  it('asks the server for one point per pixel of the chart, for the range chosen', async () => {
    const world = await seededWorld(8);
    const { page, context } = await open(world);
    await page.goto(world.server.url);
    await waitForCharts(page);
    world.history.requests.length = 0;
    await page.getByRole('button', { name: '7 d' }).click();
    await page.waitForFunction(() => location.hash === '#7d');
    await page.waitForFunction(() => document.querySelector('[data-quantity="temperature"]')?.getAttribute('data-points') !== null);
    await expect.poll(() => world.history.requests.filter((r) => r.topic === 'maison/salon/temperature').length).toBe(1);

    const request = world.history.requests.find((r) => r.topic === 'maison/salon/temperature')!;
    const plotWidth = await page.evaluate(() => document.querySelector('[data-quantity="temperature"] .plot')!.clientWidth);
    expect(request.to - request.from).toBe(7 * 24 * 3600_000);
    expect(request.maxPoints).toBe(plotWidth);
    await context.close();
    await world.close();
  });

  it('draws the forecast dashed after the history, only the steps ahead, more of them on a longer range, live', async () => {
    const world = await seededWorld();
    const now = Date.now();
    const hour = 3600_000;
    const first = Math.ceil(now / (3 * hour)) * 3 * hour - 3 * hour;
    // 41 steps every 3 hours from the one before now: 5 days ahead, as OWM's.
    const steps = Array.from({ length: 41 }, (_, i) => ({
      time: new Date(first + i * 3 * hour).toISOString(),
      temperature: 15 + 5 * Math.sin((i / 8) * 2 * Math.PI),
    }));
    world.live.receive('exterieur/lisbon/forecast', JSON.stringify({ units: 'metric', steps }), now);
    const { page, context, errors } = await open(world);
    await page.goto(world.server.url);
    await waitForCharts(page);
    const forecastPoints = () =>
      page.evaluate(() => Number(document.querySelector('[data-quantity="temperature"]')?.getAttribute('data-forecast-points') ?? 0));
    await page.waitForFunction(
      () => Number(document.querySelector('[data-quantity="temperature"]')?.getAttribute('data-forecast-points')) > 0,
    );
    // 24 h shown: 12 hours ahead, 4 steps (the one before now is never drawn).
    expect(await forecastPoints()).toBe(4);
    const legend = page.locator('[data-quantity="temperature"] .legend');
    expect(await legend.textContent()).toContain('exterieur/lisbon/temperature (forecast)');
    await page.locator('[data-quantity="temperature"]').screenshot({ path: join(ARTIFACTS, 'forecast-24h.png') });

    await page.getByRole('button', { name: '30 d' }).click();
    await page.waitForFunction(
      () => Number(document.querySelector('[data-quantity="temperature"]')?.getAttribute('data-forecast-points')) === 40,
    );
    await page.locator('[data-quantity="temperature"]').screenshot({ path: join(ARTIFACTS, 'forecast-30d.png') });

    // The legend hides and shows it like any series.
    const toggle = legend.getByRole('button', { name: 'exterieur/lisbon/temperature (forecast)' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');

    // A new forecast arrives live and replaces the line.
    world.live.receive('exterieur/lisbon/forecast', JSON.stringify({ units: 'metric', steps: steps.slice(0, 3) }), Date.now());
    await page.waitForFunction(
      () => Number(document.querySelector('[data-quantity="temperature"]')?.getAttribute('data-forecast-points')) === 2,
    );
    expect(errors).toEqual([]);
    await context.close();
    await world.close();
  });

  it('drops a step from the forecast line once it has passed, with no live value to redraw the chart', async () => {
    const world = await seededWorld();
    const now = Date.now();
    const minute = 60_000;
    // A step 2 minutes ahead, then every 3 hours.
    const steps = [2, 182, 362].map((m) => ({ time: new Date(now + m * minute).toISOString(), temperature: 18 }));
    world.live.receive('exterieur/lisbon/forecast', JSON.stringify({ units: 'metric', steps }), now);
    const { page, context, errors } = await open(world);
    await page.clock.install({ time: now });
    await page.goto(world.server.url);
    await waitForCharts(page);
    const forecastPoints = () =>
      page.evaluate(() => Number(document.querySelector('[data-quantity="temperature"]')?.getAttribute('data-forecast-points') ?? 0));
    await page.waitForFunction(
      () => Number(document.querySelector('[data-quantity="temperature"]')?.getAttribute('data-forecast-points')) === 3,
    );
    // The page's clock, 4 minutes on: the first step is in the past.
    await page.clock.fastForward(4 * minute);
    await page.waitForFunction(
      () => Number(document.querySelector('[data-quantity="temperature"]')?.getAttribute('data-forecast-points')) === 2,
    );
    expect(await forecastPoints()).toBe(2);
    expect(errors).toEqual([]);
    await context.close();
    await world.close();
  });

  it('fits 412 px wide in one column with no horizontal scroll, light and dark', async () => {
    const world = await seededWorld();
    for (const dark of [false, true]) {
      const { page, context, errors } = await open(world, { viewport: { width: 412, height: 915 }, dark });
      await page.goto(world.server.url);
      await waitForCharts(page);
      await page.screenshot({ path: join(ARTIFACTS, `phone-412-${dark ? 'dark' : 'light'}.png`), fullPage: true });

      const layout = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        tileLefts: [...document.querySelectorAll<HTMLElement>('.tile')].map((tile) => tile.getBoundingClientRect().left),
        chartLefts: [...document.querySelectorAll<HTMLElement>('.chart')].map((chart) => chart.getBoundingClientRect().left),
        background: getComputedStyle(document.body).backgroundColor,
      }));
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
      expect(new Set(layout.tileLefts).size).toBe(1);
      expect(new Set(layout.chartLefts).size).toBe(1);
      expect(layout.background).toBe(dark ? 'rgb(13, 17, 23)' : 'rgb(246, 248, 250)');
      expect(errors).toEqual([]);
      await context.close();
    }
    await world.close();
  });

  it('keeps a hostile topic and payload inert: text on the page, no element, no dialog', async () => {
    const world = await seededWorld();
    const now = Date.now();
    // Before the page opens (the snapshot) and after (the live stream).
    world.live.receive(`maison/${HOSTILE}/temperature`, '21', now);
    world.live.receive(`maison/${HOSTILE}/status`, HOSTILE, now);
    const { page, context, errors, dialogs } = await open(world);
    await page.goto(world.server.url);
    await waitForCharts(page);
    world.live.receive(
      `stats/alerts/${HOSTILE}`,
      JSON.stringify({ state: HOSTILE, value: '<script>alert(2)</script>', threshold: 25, since: now, [HOSTILE]: HOSTILE }),
      Date.now(),
    );
    world.live.receive(`exterieur/${HOSTILE}/humidity`, '50', Date.now());
    await page.locator('.alert', { hasText: '<script>alert(2)</script>' }).waitFor();
    await page.locator(`.tile[data-place="exterieur/${HOSTILE}"]`).waitFor();

    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.getByText(`maison/${HOSTILE}`, { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.locator('.legend').getByText(`maison/${HOSTILE}/temperature`).count()).toBe(1);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
    await world.close();
  });

  it('exports the range shown as CSV, one row per point', async () => {
    const world = await seededWorld();
    const { page, context } = await open(world);
    await page.goto(world.server.url);
    await waitForCharts(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-quantity="humidity"] button', { hasText: 'CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');

    const asked = world.history.requests.find((r) => r.topic === 'exterieur/lisbon/humidity')!;
    const expected = world.history.range(asked.topic, asked.from, asked.to, asked.maxPoints).filter((p) => p[2] !== null);
    expect(download.suggestedFilename()).toMatch(/^owm2mqtt-humidity-24h-.*\.csv$/);
    expect(csv[0]).toBe('topic,time,min,mean,max');
    expect(csv.slice(1)).toHaveLength(expected.length);
    expect(csv[1]).toBe(
      `exterieur/lisbon/humidity,${new Date(expected[0]![0]).toISOString()},${expected[0]![1]},${expected[0]![2]},${expected[0]![3]}`,
    );
    await context.close();
    await world.close();
  });

  it('asks for notifications only on a click, then notifies a new alert', async () => {
    const world = await seededWorld();
    const { page, context } = await open(world);
    await context.grantPermissions(['notifications'], { origin: new URL(world.server.url).origin });
    // Records what the page asks of the Notification API, instead of showing anything.
    await page.addInitScript(() => {
      const calls: string[] = [];
      (window as unknown as { notificationCalls: string[] }).notificationCalls = calls;
      let permission: NotificationPermission = 'default';
      class Recorder {
        static get permission() {
          return permission;
        }
        static requestPermission() {
          calls.push('requestPermission');
          permission = 'granted';
          return Promise.resolve(permission);
        }
        constructor(title: string) {
          calls.push(`notify ${title}`);
        }
      }
      Object.defineProperty(window, 'Notification', { value: Recorder });
    });
    await page.goto(world.server.url);
    await waitForCharts(page);
    const calls = () => page.evaluate(() => (window as unknown as { notificationCalls: string[] }).notificationCalls);
    expect(await calls()).toEqual([]);

    await page.getByRole('button', { name: 'Notify me of alerts' }).click();
    await page.getByRole('button', { name: 'Notify me of alerts' }).waitFor({ state: 'hidden' });
    world.live.receive(
      'stats/alerts/exterieur/lisbon/wind_gust',
      JSON.stringify({ state: 'raised', value: 16, threshold: 15, since: 1 }),
      Date.now(),
    );
    await page.locator('.alert', { hasText: 'exterieur/lisbon/wind_gust' }).waitFor();

    expect(await calls()).toEqual(['requestPermission', 'notify Alert: exterieur/lisbon/wind_gust']);
    await context.close();
    await world.close();
  });

  it('keeps the live view when the history cannot be read, and says so', async () => {
    const world = await seededWorld();
    world.history.failWith = 'database disk image is malformed';
    const { page, context } = await open(world);
    await page.goto(world.server.url);
    await page.locator('.tile[data-place="maison/salon"] .reading').first().waitFor();
    await page.getByText(HISTORY_UNAVAILABLE).first().waitFor();

    world.live.receive('maison/salon/temperature', '24.25', Date.now());
    await page.getByText('24.25 °C').waitFor();
    expect(await page.getByText('malformed').count()).toBe(0);
    await context.close();
    await world.close();
  });
});
