import type { MqttClient } from 'mqtt';
import { brokerError } from './refusals.js';

/**
 * A one-shot run's connection (`once`, `purge`): resolves on the broker's CONNACK; rejects, with an
 * error naming the broker and what to check, on a refusal, a close before it, or after `timeoutMs`.
 */
export function acceptedOrRefused(client: MqttClient, url: string, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // mqtt.js's own connack timer (connectTimeout) normally fires first; this one is the safety net.
    const timer = setTimeout(() => fail('timeout'), timeoutMs + 1000);
    const cleanup = () => {
      clearTimeout(timer);
      client.removeListener('connect', succeed);
      client.removeListener('error', fail);
      client.removeListener('close', closed);
    };
    const succeed = () => {
      cleanup();
      resolve();
    };
    const fail = (error: unknown) => {
      cleanup();
      client.end(true);
      reject(brokerError(error, url, timeoutMs));
    };
    const closed = () => fail(new Error('the connection closed before the broker accepted it'));
    client.once('connect', succeed);
    client.once('error', fail);
    client.once('close', closed);
  });
}
