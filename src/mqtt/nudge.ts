import type { MqttClient } from 'mqtt';
import type { Link } from './link.js';

/**
 * A broker with Nagle's algorithm on (Mosquitto's default, `set_tcp_nodelay false`) holds its
 * next packets until our kernel acknowledges the last one, and Linux delays that acknowledgement
 * up to 40 ms when we have nothing to send: twice per one-shot run. While we wait on the broker
 * and have written nothing since its packet came, a PINGREQ (2 bytes) carries the ACK at once.
 */
export class NagleNudge {
  private scheduled = false;

  constructor(private readonly link: Link) {}

  /** A packet came from the broker on `client`. */
  packetReceived(client: MqttClient): void {
    if (this.scheduled || this.link.waiting === 0) return;
    this.scheduled = true;
    const written = bytesWritten(client);
    setImmediate(() => {
      this.scheduled = false;
      if (this.link.waiting > 0 && client.connected && bytesWritten(client) === written) client.sendPing();
    });
  }
}

function bytesWritten(client: MqttClient): number | undefined {
  const stream = client.stream as { bytesWritten?: number } | undefined;
  return stream?.bytesWritten;
}
