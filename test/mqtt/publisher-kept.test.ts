/** The daemon's Publisher in this process against Mosquitto: what it says it published, it sent. */
import type { MqttClient } from 'mqtt';
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/core/log.js';
import type { Message } from '../../src/core/message.js';
import { Publisher } from '../../src/mqtt/publisher.js';
import { startBroker } from '../helpers/broker.js';
import { baseEnv, uniquePrefix } from '../helpers/env.js';
import { until } from '../helpers/world.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('a batch whose connection drops between its chunks of 1000 is kept for the replay, not reported sent', async () => {
  const broker = await startBroker();
  cleanups.push(() => broker.stop());
  const prefix = uniquePrefix('kept');
  const log = createLogger({ level: 'error', write: () => undefined });
  const config = loadConfig(
    baseEnv('http://127.0.0.1:9', broker.url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', MQTT_RECONNECT_MIN_MS: '60000' }),
    'daemon',
  );
  if (!config.ok) throw new Error(config.problems.join('; '));
  const publisher = new Publisher({ ...config.config.mqtt, statusTopic: `${prefix}/bridge/status`, daemon: true, log });
  cleanups.push(() => publisher.close({ offline: false }));
  await publisher.connect();
  const client = (publisher as unknown as { client: MqttClient }).client;
  // The first chunk's last PUBACK drops the connection: the second chunk has nowhere to go. The
  // socket's close is only seen a tick later, after the next chunk has started; mqtt.js's own flag
  // is cleared at once here, as its close handler does, so the second chunk finds it gone.
  let acks = 0;
  client.on('packetreceive', (packet) => {
    if (packet.cmd !== 'puback' || ++acks !== 1 + 1000) return;
    client.stream.destroy();
    client.connected = false;
  });
  // The `online` published on connecting first.
  await until(() => acks === 1);
  const messages: Message[] = Array.from({ length: 1500 }, (_, i) => ({
    topic: `${prefix}/t/${i}`,
    payload: String(i),
    qos: 1,
    retain: false,
  }));
  expect(await publisher.publish(messages)).toBe('kept-for-reconnect');
  expect(acks).toBe(1 + 1000);
});
