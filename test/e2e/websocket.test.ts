/**
 * MQTT over WebSockets (ws://). Debian's Mosquitto 2.0 on this machine cannot
 * open a websockets listener ("Unable to start any listening sockets"), so an
 * Aedes broker behind a `ws` server stands in, for this transport only. The same Aedes also
 * listens on plain TCP, where the `mosquitto_sub` witness reads back what came over ws://.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { startFakeOwm, type FakeOwm } from '../helpers/fake-owm.js';
import { retainedSnapshot, type Received } from '../helpers/subscriber.js';
import { until } from '../helpers/world.js';

let owm: FakeOwm;
let aedes: Aedes;
let http: Server;
let url: string;
let tcp: TcpServer;
let tcpUrl: string;

beforeAll(async () => {
  owm = await startFakeOwm({
    apiKey: FAKE_KEY,
    scripts: { 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }] },
  });
  aedes = await Aedes.createBroker();
  http = createServer();
  new WebSocketServer({ server: http }).on('connection', (socket) => aedes.handle(createWebSocketStream(socket)));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  tcp = createTcpServer(aedes.handle);
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  tcpUrl = `mqtt://127.0.0.1:${(tcp.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await owm?.close();
  await new Promise<void>((resolve) => aedes.close(() => resolve()));
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await new Promise<void>((resolve) => tcp?.close(() => resolve()));
});

it('publishes over ws:// and the values are retained', async () => {
  const prefix = uniquePrefix('ws');
  const run = await runCli(['--once'], baseEnv(owm.url, url, prefix, { OWM_LOCATIONS: 'Lisbon,PT' }));
  expect(run.code, run.stderr).toBe(0);
  // Aedes streams a subscription's retained messages asynchronously, so the barrier may pass them: read until both are in.
  let retained = new Map<string, Received>();
  await until(
    async () =>
      (retained = await retainedSnapshot(tcpUrl, `${prefix}/#`)).has(`${prefix}/lisbon/temperature`) &&
      retained.has(`${prefix}/bridge/status`),
    3000,
  );
  expect(retained.get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
  expect(retained.get(`${prefix}/bridge/status`)?.payload).toBe('online');
});
