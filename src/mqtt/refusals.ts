import { Owm2MqttError, messageOf } from '../core/errors.js';
import type { Message } from '../core/message.js';
import { PUBLISH_REASONS } from './reason-codes.js';

/** MQTT 3.1.1 CONNACK return codes and MQTT 5 reason codes, with what to check. */
const REFUSALS: Record<number, string> = {
  1: 'the broker does not accept this MQTT protocol version',
  2: 'the broker rejected the client id: check MQTT_CLIENT_ID',
  3: 'the broker is unavailable right now',
  4: 'bad user name or password: check MQTT_USERNAME and MQTT_PASSWORD',
  5: 'not authorised: the broker needs a login (MQTT_USERNAME, MQTT_PASSWORD) or this user may not connect',
  133: 'the broker rejected the client id: check MQTT_CLIENT_ID',
  134: 'bad user name or password: check MQTT_USERNAME and MQTT_PASSWORD',
  135: "not authorised: check MQTT_USERNAME and MQTT_PASSWORD and the broker's ACL",
  136: 'the broker is unavailable right now',
  137: 'the broker is busy',
  138: 'the broker banned this client',
};

/** An error a user can act on for any failure to reach or log into the broker. */
export function brokerError(error: unknown, url: string, timeoutMs: number): Owm2MqttError {
  const where = `the MQTT broker at ${url}`;
  const reason = (error as { code?: unknown } | undefined)?.code;
  if (typeof reason === 'number' && REFUSALS[reason]) {
    return new Owm2MqttError('MQTT_UNREACHABLE', `${where} refused the connection: ${REFUSALS[reason]}`);
  }
  switch (reason) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return new Owm2MqttError(
        'MQTT_UNREACHABLE',
        `the TLS certificate of ${where} is signed by an unknown authority (${reason}): give its CA in MQTT_CA_FILE`,
      );
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new Owm2MqttError(
        'MQTT_UNREACHABLE',
        `the TLS certificate of ${where} is not for this host name (${reason}): use the name the certificate was made for in MQTT_URL`,
      );
    case 'CERT_HAS_EXPIRED':
      return new Owm2MqttError('MQTT_UNREACHABLE', `the TLS certificate of ${where} has expired (${reason}): the broker needs a new one`);
    case 'CERT_NOT_YET_VALID':
      return new Owm2MqttError(
        'MQTT_UNREACHABLE',
        `the TLS certificate of ${where} is not valid yet (${reason}): check this machine's clock`,
      );
    case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED':
      return new Owm2MqttError(
        'MQTT_UNREACHABLE',
        `${where} requires a client certificate (${reason}): set MQTT_CERT_FILE and MQTT_KEY_FILE`,
      );
    case 'EPROTO':
      if (/handshake failure/i.test(messageOf(error))) {
        return new Owm2MqttError(
          'MQTT_UNREACHABLE',
          `${where} refused the TLS handshake (EPROTO): it may require a client certificate (MQTT_CERT_FILE, MQTT_KEY_FILE)`,
        );
      }
      return new Owm2MqttError(
        'MQTT_UNREACHABLE',
        `TLS failed with ${where} (${reason}): does that port speak TLS? mqtts:// needs a TLS listener, mqtt:// a plain one`,
      );
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return new Owm2MqttError(
        'MQTT_UNREACHABLE',
        `TLS failed with ${where} (${reason}): does that port speak TLS? mqtts:// needs a TLS listener, mqtt:// a plain one`,
      );
    case 'ECONNRESET':
      return new Owm2MqttError(
        'MQTT_UNREACHABLE',
        `${where} closed the connection (ECONNRESET): if it requires a client certificate, set MQTT_CERT_FILE and MQTT_KEY_FILE`,
      );
    case 'ECONNREFUSED':
      return new Owm2MqttError(
        'MQTT_UNREACHABLE',
        `nothing accepts connections at ${where} (ECONNREFUSED): is the broker running? Check MQTT_URL`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new Owm2MqttError('MQTT_UNREACHABLE', `cannot resolve the host of ${where} (${reason}): check MQTT_URL and DNS`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new Owm2MqttError('MQTT_UNREACHABLE', `no route to ${where} (${reason}): check the network and MQTT_URL`);
    default:
      break;
  }
  if (error === 'timeout' || (error instanceof Error && error.message === 'connack timeout')) {
    return new Owm2MqttError(
      'MQTT_TIMEOUT',
      `${where} did not accept the connection within ${timeoutMs} ms (MQTT_TIMEOUT_MS): is MQTT_URL right, and the port open?`,
    );
  }
  const detail = messageOf(error).trim();
  return new Owm2MqttError('MQTT_UNREACHABLE', `cannot connect to ${where}: ${detail}`);
}

/** MQTT 5 brokers say why they refuse a publish (PUBACK or PUBREC reason code): the error names it, the topic and what to change. */
export function publishRefusal(error: unknown, message: Message, url: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'number' || code < 128) return error;
  const where = `the MQTT broker at ${url}`;
  if (code === 135)
    return new Owm2MqttError(
      'MQTT_UNREACHABLE',
      `${where} does not let this client publish to "${message.topic}" (not authorised, reason 135): check its ACL for MQTT_USERNAME / MQTT_CLIENT_ID`,
    );
  if (code === 149)
    return new Owm2MqttError(
      'MQTT_UNREACHABLE',
      `${where} refused "${message.topic}" as too large (${Buffer.byteLength(message.payload)} bytes of payload; reason 149, packet too large): raise its size limit (Mosquitto: message_size_limit, max_packet_size)`,
    );
  if (code === 151)
    return new Owm2MqttError(
      'MQTT_UNREACHABLE',
      `${where} refused "${message.topic}": more messages in flight than it allows (reason 151, quota exceeded)`,
    );
  return new Owm2MqttError(
    'MQTT_UNREACHABLE',
    `${where} refused the publish to "${message.topic}" (reason ${code}, ${PUBLISH_REASONS[code] ?? 'unknown reason'})`,
  );
}
