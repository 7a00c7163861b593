import { connect } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { HISTORY_UNAVAILABLE } from '../../../src/dashboard/server/snapshot.js';
import type { RangeResponse, SeriesList, Snapshot } from '../../../src/dashboard/server/wire.js';
import { FakeHistory } from './helpers/fake-history.js';
import { request } from './helpers/http.js';
import { type PageWorld, removePageAssets, startPageServer } from './helpers/page-server.js';

afterAll(removePageAssets);

const url = (world: PageWorld, path: string) => new URL(path, world.server.url).href;

/** Reads the live stream as text; `until` resolves once the text read so far satisfies it. */
function openStream(world: PageWorld) {
  let text = '';
  const waiters: { test: (text: string) => boolean; resolve: () => void }[] = [];
  const req = httpRequest(url(world, '/api/live'), (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
      for (const waiter of [...waiters]) {
        if (!waiter.test(text)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return {
    text: () => text,
    until: (test: (text: string) => boolean) =>
      new Promise<void>((resolve) => {
        if (test(text)) resolve();
        else waiters.push({ test, resolve });
      }),
    close: () => req.destroy(),
  };
}

function events(text: string): { event: string; data: unknown }[] {
  return [...text.matchAll(/^event: (.+)\ndata: (.+)\n\n/gm)].map((m) => ({ event: m[1]!, data: JSON.parse(m[2]!) }));
}

describe('the live stream', () => {
  it('sends the snapshot first, then each change, and heartbeats', async () => {
    const world = await startPageServer({ liveStream: { heartbeatMs: 50 } });
    world.live.receive('maison/salon/temperature', '21.5', 1000);
    world.live.receive('maison/salon/status', 'online', 1000);
    world.live.receive('stats/alerts/maison/salon/temperature', '{"state":"raised","value":26}', 1000);
    const stream = openStream(world);
    await stream.until((text) => text.includes('event: snapshot'));
    world.live.receive('maison/salon/temperature', '22', 2000);
    world.live.receive('stats/alerts/maison/salon/temperature', '', 3000);
    await stream.until((text) => text.includes('event: alert-removed') && text.includes(': ping'));

    expect(stream.text().startsWith('retry: 3000\n\nevent: snapshot\n')).toBe(true);
    const [snapshot, sample, removed] = events(stream.text());
    expect(snapshot!.data as Snapshot).toMatchObject({
      auth: false,
      values: [{ topic: 'maison/salon/temperature', value: 21.5, t: 1000 }],
      statuses: [{ topic: 'maison/salon/status', state: 'online', t: 1000 }],
      alerts: [{ topic: 'stats/alerts/maison/salon/temperature', fields: { state: 'raised', value: '26' }, active: true, t: 1000 }],
    });
    expect(sample).toEqual({ event: 'sample', data: { topic: 'maison/salon/temperature', value: 22, t: 2000, interval: 1000 } });
    expect(removed).toEqual({ event: 'alert-removed', data: { topic: 'stats/alerts/maison/salon/temperature', t: 3000 } });
    stream.close();
    await world.close();
  });

  it('drops a client that stops reading instead of buffering for it, and keeps serving the others', async () => {
    const world = await startPageServer({ liveStream: { maxBufferedBytes: 64 * 1024 } });
    const reader = openStream(world);
    await reader.until((text) => text.includes('event: snapshot'));
    // A client that sends its request and never reads a byte of the answer.
    const stalled = connect(world.server.port, '127.0.0.1');
    stalled.on('error', () => undefined);
    stalled.write(`GET /api/live HTTP/1.1\r\nHost: 127.0.0.1:${world.server.port}\r\n\r\n`);
    stalled.pause();
    await expect.poll(() => world.server.liveClients().connected).toBe(2);

    const topic = `maison/${'x'.repeat(900)}/temperature`;
    let sent = 0;
    // Bursts well under the limit, so that a client that reads keeps up.
    while (world.server.liveClients().dropped === 0 && sent < 200_000) {
      for (let i = 0; i < 40; i++) world.live.receive(topic, String(sent++), sent);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(world.server.liveClients()).toEqual({ connected: 1, dropped: 1 });
    world.live.receive('maison/salon/temperature', '19', Date.now());
    await reader.until((text) => text.includes('"value":19'));
    stalled.destroy();
    reader.close();
    await world.close();
  });

  it('answers 503 past the number of clients it serves', async () => {
    const world = await startPageServer({ liveStream: { maxClients: 1 } });
    const first = openStream(world);
    await first.until((text) => text.includes('event: snapshot'));
    const second = await request(url(world, '/api/live'));
    expect(second.status).toBe(503);
    first.close();
    await world.close();
  });
});

describe('the JSON endpoints', () => {
  it('lists every series with the newest of its history and the broker, and the units', async () => {
    const history = new FakeHistory();
    history.add({ topic: 'maison/salon/temperature', t: 1000, value: 20 });
    history.add({ topic: 'maison/cuisine/temperature', t: 5000, value: 21 });
    history.add({ topic: 'exterieur/lisbon/humidity', t: 1000, value: 70 });
    const world = await startPageServer({ history, units: 'imperial' });
    world.live.receive('maison/salon/temperature', '22', 2000);
    world.live.receive('maison/cuisine/temperature', '19', 4000);
    world.live.receive('maison/bureau/temperature', '18', 3000);

    const reply = await request(url(world, '/api/series'));
    const list = JSON.parse(reply.body) as SeriesList;
    expect(list.series.map((s) => [s.topic, s.value, s.t])).toEqual([
      ['exterieur/lisbon/humidity', 70, 1000],
      ['maison/bureau/temperature', 18, 3000],
      ['maison/cuisine/temperature', 21, 5000],
      ['maison/salon/temperature', 22, 2000],
    ]);
    expect(list.units.temperature).toBe('°F');
    expect(list.historyError).toBeUndefined();
    expect(Math.abs(list.now - Date.now())).toBeLessThan(5000);
    await world.close();
  });

  it('answers a range with the history’s points, three decimals, gzipped when asked', async () => {
    const history = new FakeHistory();
    history.fill('maison/salon/temperature', 100_000, 1000, 100, (i) => 20 + i / 3);
    const world = await startPageServer({ history });
    const reply = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve) => {
      httpRequest(
        url(world, '/api/range?from=0&to=100000&maxPoints=200&topic=maison/salon/temperature'),
        { headers: { 'Accept-Encoding': 'gzip' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        },
      ).end();
    });
    expect(reply.encoding).toBe('gzip');
    const range = JSON.parse(gunzipSync(reply.body).toString()) as RangeResponse;
    const points = range.series['maison/salon/temperature']!;
    expect(points).toHaveLength(100);
    expect(points[1]).toEqual([2000, 20.333, 20.333, 20.333]);
    await world.close();
  });

  it('answers 400 with the reason for a bad range query', async () => {
    const world = await startPageServer();
    const reply = await request(url(world, '/api/range?from=10&to=5&maxPoints=10&topic=a'));
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual({ error: 'to must be later than from' });
    await world.close();
  });

  it('still lists the live values when the history fails, says so without its error text, and answers ranges 503', async () => {
    const history = new FakeHistory();
    history.failWith = 'SQLITE_CORRUPT: database disk image is malformed at /var/lib/owm2mqtt/history.db';
    const warnings: string[] = [];
    const world = await startPageServer({ history, log: { warn: (line: string) => warnings.push(line), info: () => undefined } });
    world.live.receive('maison/salon/temperature', '22', 2000);
    const list = JSON.parse((await request(url(world, '/api/series'))).body) as SeriesList;
    expect(list.series.map((s) => s.topic)).toEqual(['maison/salon/temperature']);
    expect(list.historyError).toBe(HISTORY_UNAVAILABLE);
    const range = await request(url(world, '/api/range?from=0&to=10&maxPoints=10&topic=maison/salon/temperature'));
    expect(range.status).toBe(503);
    expect(range.body).not.toContain('/var/lib');
    await request(url(world, '/api/series'));
    expect(warnings).toEqual([
      'dashboard: cannot read the history: SQLITE_CORRUPT: database disk image is malformed at /var/lib/owm2mqtt/history.db',
    ]);
    await world.close();
  });
});

describe('the page’s files', () => {
  it('are served gzipped when asked, and 304 when unchanged', async () => {
    const world = await startPageServer();
    const first = await request(url(world, '/app.js'), { headers: { 'Accept-Encoding': 'gzip' } });
    expect(first.status).toBe(200);
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await request(url(world, '/app.js'), { headers: { 'If-None-Match': String(first.headers.etag) } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    await world.close();
  });
});
