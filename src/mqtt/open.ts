import { connect as tcpConnect, isIP } from 'node:net';
import type { IClientOptions, MqttClient } from 'mqtt';
// A CommonJS module marked __esModule: Node (and our bundle) give its `module.exports` as the
// default export, whose `default` is the class; Vite's interop (the tests) gives the class itself.
import clientModule from 'mqtt/lib/client';

const Client: typeof clientModule.default = typeof clientModule === 'function' ? clientModule : clientModule.default;

/**
 * An mqtt.js client for `url`. mqtt:// and mqtts:// get their socket from here; mqtt.js's own
 * `connect()` would load its WebSocket, SOCKS and browser transports on every start (measured:
 * 15 ms and 4 MiB of a cold `--once`), so it is loaded only for ws:// and wss://.
 */
export async function openClient(url: string, options: IClientOptions): Promise<MqttClient> {
  const parsed = new URL(url);
  const protocol = parsed.protocol.replace(/:$/, '');
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (protocol === 'mqtt') {
    return new Client(() => {
      const socket = tcpConnect({ host, port: Number(parsed.port || 1883) });
      // Our packets go out as soon as they are written: mqtt.js already batches those of one tick.
      socket.setNoDelay(true);
      return socket;
    }, options);
  }
  if (protocol === 'mqtts') {
    // Loaded here, not at start-up: node:tls costs a plain mqtt:// start 2 ms for nothing.
    const { connect: tlsConnect } = process.getBuiltinModule('node:tls');
    return new Client((client) => tlsStream(tlsConnect, client, host, Number(parsed.port || 8883), options), options);
  }
  const mqtt = await import('mqtt');
  return mqtt.connect(url, options);
}

/** As mqtt.js's own TLS transport: SNI unless the host is an address, a verified peer unless told otherwise, TLS errors reported on the client. */
function tlsStream(tlsConnect: typeof import('node:tls').connect, client: MqttClient, host: string, port: number, options: IClientOptions) {
  const rejectUnauthorized = options.rejectUnauthorized !== false;
  const socket = tlsConnect({
    host,
    port,
    servername: isIP(host) === 0 ? host : undefined,
    ca: options.ca,
    cert: options.cert,
    key: options.key,
    rejectUnauthorized,
  });
  socket.setNoDelay(true);
  const onTlsError = (error: Error) => {
    if (rejectUnauthorized) client.emit('error', error);
    socket.end();
  };
  socket.on('error', onTlsError);
  socket.on('secureConnect', () => {
    if (rejectUnauthorized && !socket.authorized) socket.emit('error', new Error('TLS not authorized'));
    else socket.removeListener('error', onTlsError);
  });
  return socket;
}
