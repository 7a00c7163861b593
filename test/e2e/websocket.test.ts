/**
 * MQTT over WebSockets (ws://). Debian's Mosquitto 2.0 on this machine cannot
 * open a websockets listener ("Unable to start any listening sockets"), so an
 * Aedes broker behind a `ws` server stands in, for this transport only.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { startFakeOwm, type FakeOwm } from '../helpers/fake-owm.js';

let owm: FakeOwm;
let aedes: Aedes;
let http: Server;
let url: string;

beforeAll(async () => {
  owm = await startFakeOwm({ apiKey: FAKE_KEY, scripts: { 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }] } });
  aedes = await Aedes.createBroker();
  http = createServer();
  new WebSocketServer({ server: http }).on('connection', (socket) => aedes.handle(createWebSocketStream(socket)));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await owm?.close();
  await new Promise<void>((resolve) => aedes.close(() => resolve()));
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

it('publishes over ws:// and the values are retained', async () => {
  const prefix = uniquePrefix('ws');
  const run = await runCli(['--once'], baseEnv(owm.url, url, prefix, { OWM_LOCATIONS: 'Lisbon,PT' }));
  expect(run.code, run.stderr).toBe(0);
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 }, false);
  try {
    const seen = new Map<string, string>();
    client.on('message', (topic, payload, packet) => {
      if (packet.retain) seen.set(topic, payload.toString());
    });
    await client.subscribeAsync(`${prefix}/#`, { qos: 1 });
    const end = Date.now() + 3000;
    while (seen.get(`${prefix}/lisbon/temperature`) === undefined && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(seen.get(`${prefix}/lisbon/temperature`)).toBe('22.55');
    expect(seen.get(`${prefix}/bridge/status`)).toBe('online');
  } finally {
    await client.endAsync();
  }
});
