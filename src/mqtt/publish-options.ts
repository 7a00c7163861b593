import type { IClientPublishOptions } from 'mqtt';
import type { Message } from '../core/message.js';
import type { PublisherOptions } from './publisher-options.js';

/** mqtt.js options for one publish: QoS and retain, and under MQTT 5 its content type and expiry. */
export function publishOptions(
  message: Message,
  settings: Pick<PublisherOptions, 'protocolVersion' | 'messageExpirySeconds' | 'statusTopic'>,
): IClientPublishOptions {
  const options: IClientPublishOptions = { qos: message.qos, retain: message.retain };
  if (settings.protocolVersion === 5) {
    const expires =
      settings.messageExpirySeconds > 0 && !message.persistent && message.topic !== settings.statusTopic && message.payload !== '';
    options.properties = {
      contentType: message.json ? 'application/json' : 'text/plain; charset=utf-8',
      ...(expires ? { messageExpiryInterval: settings.messageExpirySeconds } : {}),
    };
  }
  return options;
}
