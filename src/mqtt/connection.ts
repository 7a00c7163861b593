import type { IClientOptions } from 'mqtt';

/** What any of our clients needs to reach and log into the broker. */
export interface ConnectionSettings {
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly protocolVersion: 4 | 5;
  /** Deadline for the broker's CONNACK. */
  readonly timeoutMs: number;
  readonly tls: {
    readonly ca: Buffer | undefined;
    readonly cert: Buffer | undefined;
    readonly key: Buffer | undefined;
    readonly insecure: boolean;
  };
}

/** mqtt.js options for login, protocol and TLS (mqtts://, wss://): the system CAs unless MQTT_CA_FILE names one; never unchecked unless asked. */
export function connectionOptions(settings: ConnectionSettings, clientId: string): IClientOptions {
  return {
    clientId,
    username: settings.username,
    password: settings.password,
    protocolVersion: settings.protocolVersion,
    connectTimeout: settings.timeoutMs,
    ca: settings.tls.ca,
    cert: settings.tls.cert,
    key: settings.tls.key,
    rejectUnauthorized: !settings.tls.insecure,
    // mqtt.js otherwise formats a `debug` line (unseen unless DEBUG=mqttjs*) on every packet: 2 % of the CPU of a large poll.
    log: () => undefined,
  };
}
