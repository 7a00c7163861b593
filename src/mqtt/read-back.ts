import { Owm2MqttError } from '../core/errors.js';
import type { Message } from '../core/message.js';
import type { BatchSender } from './batches.js';
import type { Link } from './link.js';

/**
 * The retained payloads under `filters`, ended by `barrier`: a message we publish after
 * subscribing, which comes back after every retained one. Undefined when the broker refuses a
 * subscription or the barrier does not come back within `timeoutMs`.
 */
export async function readRetained(
  { link, sender, url, timeoutMs }: { link: Link; sender: BatchSender; url: string; timeoutMs: number },
  filters: readonly string[],
  barrier: Message,
): Promise<Map<string, string> | undefined> {
  const client = link.client;
  if (!client?.connected) throw new Owm2MqttError('MQTT_UNREACHABLE', `not connected to the MQTT broker at ${url}`);
  const retained = new Map<string, string>();
  let done: () => void = () => undefined;
  const echoed = new Promise<void>((resolve) => (done = resolve));
  const onMessage = (topic: string, payload: Buffer, packet: { retain: boolean }) => {
    if (topic === barrier.topic && !packet.retain) done();
    else if (packet.retain && topic !== barrier.topic) retained.set(topic, payload.toString('utf8'));
  };
  client.on('message', onMessage);
  let timer: NodeJS.Timeout | undefined;
  const subscribed = [...filters, barrier.topic];
  try {
    // Not waiting for the SUBACK: the broker handles one connection's packets in order, so the
    // subscription is in place before the barrier arrives, and a broker that never answers
    // a SUBSCRIBE cannot stall us beyond the barrier's own acknowledgement timeout.
    let refused = false;
    const subscribing = client.subscribeAsync(subscribed, { qos: 1 }).then(
      (granted) => (refused = granted.some((g) => g.qos === 128)),
      () => (refused = true),
    );
    await sender.send(client, [barrier]);
    link.waiting++;
    const waited = await Promise.race([
      Promise.all([echoed, subscribing]).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]).finally(() => link.waiting--);
    return waited && !refused ? retained : undefined;
  } finally {
    clearTimeout(timer);
    client.removeListener('message', onMessage);
    // Not awaited either: a broker that never answers must not hold the run.
    client.unsubscribeAsync(subscribed).catch(() => undefined);
  }
}
