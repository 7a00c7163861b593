import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/dashboard/server/headers.js';
import { type RunningChromium, startChromium } from './helpers/chromium.js';
import { FakeHistory } from './helpers/fake-history.js';
import { seedHouse } from './helpers/house.js';
import { cookieFrom, postLogin, request } from './helpers/http.js';
import { type PageWorld, removePageAssets, startPageServer } from './helpers/page-server.js';

const PASSWORD = 'correct horse battery staple';
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'dashboard');
const DATA = ['/api/series', '/api/range?from=1&to=2&maxPoints=10&topic=maison/salon/temperature', '/api/live'];

afterAll(removePageAssets);

async function guarded(maxFailures = 5): Promise<PageWorld> {
  const history = new FakeHistory();
  const world = await startPageServer({ history, password: PASSWORD, rateLimit: { maxFailures } });
  seedHouse(history, world.live, Date.now());
  return world;
}

const url = (world: PageWorld, path: string) => new URL(path, world.server.url).href;

describe('the dashboard with a password', () => {
  it('answers every data endpoint and the live stream 401 without a session, and leaks no topic', async () => {
    const world = await guarded();
    for (const path of DATA) {
      const reply = await request(url(world, path));
      expect(reply.status, path).toBe(401);
      expect(reply.headers['content-type']).toMatch(/^application\/json/);
      expect(reply.body).not.toContain('maison');
    }
    const page = await request(world.server.url);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/login');
    // The page's script and style hold no data: the login form needs the style.
    expect((await request(url(world, '/app.css'))).status).toBe(200);
    await world.close();
  });

  it('answers a wrong password 401 with no cookie and no data, and a right one with an HttpOnly SameSite=Strict cookie', async () => {
    const world = await guarded();
    const wrong = await postLogin(world.server.url, 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(wrong.body).toContain('Wrong password.');
    expect(wrong.body).not.toContain('maison');

    const right = await postLogin(world.server.url, PASSWORD);
    expect(right.status).toBe(303);
    expect(right.headers.location).toBe('/');
    expect(right.headers['set-cookie']?.[0]).toMatch(
      /^owm2mqtt_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=2592000$/,
    );
    const series = await request(url(world, '/api/series'), { headers: { Cookie: cookieFrom(right) } });
    expect(series.status).toBe(200);
    expect(series.body).toContain('maison/salon/temperature');
    expect(series.body).not.toContain(PASSWORD);

    const forged = await request(url(world, '/api/series'), {
      headers: { Cookie: 'owm2mqtt_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    expect(forged.status).toBe(401);
    await world.close();
  });

  it('refuses every login from an address after 5 wrong passwords, the right one too, with Retry-After', async () => {
    const world = await guarded(5);
    for (let i = 0; i < 5; i++) expect((await postLogin(world.server.url, `guess ${i}`)).status).toBe(401);
    const limited = await postLogin(world.server.url, PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.headers['set-cookie']).toBeUndefined();
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(800);
    expect(limited.body).toContain('Too many wrong passwords');
    await world.close();
  });

  it('ends the session at logout', async () => {
    const world = await guarded();
    const cookie = cookieFrom(await postLogin(world.server.url, PASSWORD));
    expect((await request(url(world, '/api/series'), { headers: { Cookie: cookie } })).status).toBe(200);
    const out = await request(url(world, '/logout'), { method: 'POST', headers: { Cookie: cookie } });
    expect(out.headers['set-cookie']?.[0]).toContain('Max-Age=0');
    expect((await request(url(world, '/api/series'), { headers: { Cookie: cookie } })).status).toBe(401);
    await world.close();
  });

  it('refuses a login form posted from another site', async () => {
    const world = await guarded();
    const attempts: Record<string, string>[] = [{ Origin: 'http://evil.example' }, { Origin: 'null' }, { 'Sec-Fetch-Site': 'cross-site' }];
    for (const headers of attempts) {
      const reply = await postLogin(world.server.url, PASSWORD, headers);
      expect(reply.status, JSON.stringify(headers)).toBe(403);
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
    await world.close();
  });
});

describe('the dashboard without a password (loopback only)', () => {
  it('answers only requests that name a loopback host (no DNS rebinding)', async () => {
    const world = await startPageServer();
    expect((await request(url(world, '/api/series'))).status).toBe(200);
    const rebound = await request(url(world, '/api/series'), { headers: { Host: `evil.example:${world.server.port}` } });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain('{');
    await world.close();
  });

  it('refuses to start on another address', async () => {
    await expect(startPageServer({ host: '0.0.0.0' })).rejects.toThrow(
      'the dashboard would listen on 0.0.0.0 without a password: set DASHBOARD_PASSWORD',
    );
  });

  it('is read-only and sends its security headers on every answer, data never cached', async () => {
    const world = await startPageServer();
    for (const [method, path] of [
      ['POST', '/api/series'],
      ['PUT', '/'],
      ['DELETE', '/api/live'],
    ] as const) {
      expect((await request(url(world, path), { method })).status, `${method} ${path}`).toBe(405);
    }
    for (const path of ['/', '/app.js', '/api/series', '/nowhere']) {
      const reply = await request(url(world, path));
      expect(reply.headers['content-security-policy'], path).toBe(CONTENT_SECURITY_POLICY);
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['referrer-policy']).toBe('same-origin');
    }
    expect((await request(url(world, '/api/series'))).headers['cache-control']).toBe('no-store');
    await world.close();
  });
});

describe('logging in with Chromium', { timeout: 90_000 }, () => {
  let chromium: RunningChromium;
  beforeAll(async () => {
    chromium = await startChromium();
  });
  afterAll(async () => {
    await chromium?.close();
  });

  it('shows the form, says a wrong password is wrong, and shows the data once the right one is given', async () => {
    const world = await guarded();
    const context = await chromium.browser.newContext({ viewport: { width: 412, height: 800 } });
    const page = await context.newPage();
    await page.goto(world.server.url);
    expect(new URL(page.url()).pathname).toBe('/login');

    await page.getByLabel('Password').fill('wrong guess');
    const [wrong] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/login')),
      page.getByRole('button', { name: 'Log in' }).click(),
    ]);
    expect(wrong.status()).toBe(401);
    await page.getByText('Wrong password.').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'login-wrong-password.png') });
    expect(await page.locator('.tile').count()).toBe(0);

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('.tile[data-place="maison/salon"]').waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await context.close();
    await world.close();
  });
});
