import { createHash } from 'node:crypto';
import { aggregateDiscoveryTopic, aggregatorStatusTopic, alertTopic, groupTopic, memberTopic } from '../topics/aggregate.js';
import type { AlertRule } from './alert-rules.js';
import { columnLabel } from './house-table.js';
import type { OutgoingMessage, Qos } from './ports.js';
import { quantityLimits } from '../quantities/plausible-ranges.js';
import type { Source } from './sources.js';

/**
 * Home Assistant discovery for the aggregator (with `HA_DISCOVERY=true`), in the bridge's
 * conventions (src/ha/discovery.ts): one device per topic root (`maison`, `exterieur`), a `sensor`
 * per group mean and per member mean, a `binary_sensor` per alert rule and member, all
 * unavailable when `P/status` says `offline`. Configs are retained and never expire.
 */
export interface AggregateDiscoverySettings {
  readonly haPrefix: string;
  /** `AGG_PREFIX`. */
  readonly prefix: string;
  readonly qos: Qos;
  readonly periodS: number;
  readonly version: string;
}

const ORIGIN = { name: 'owm2mqtt', support_url: 'https://github.com/owm2mqtt/owm2mqtt' };

/** `[a-z0-9_]` only, as discovery topics and entity ids want; a short hash of the text when that loses anything. */
export function objectId(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  if (slug === text) return slug;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return slug === '' ? hash : `${slug}_${hash}`;
}

/** A member mean disappears from Home Assistant this long after its last publish: three periods, at least a minute. */
export function expireAfterSeconds(periodS: number): number {
  return Math.max(60, 3 * periodS);
}

function device(settings: AggregateDiscoverySettings, source: Source) {
  const root = source.before.join('/');
  return {
    identifiers: [`owm2mqtt_${objectId(`${settings.prefix}/${root}`)}`],
    name: root === '' ? 'Averages' : `Averages ${root}`,
    manufacturer: 'owm2mqtt',
    model: 'aggregate',
    sw_version: settings.version,
  };
}

function common(settings: AggregateDiscoverySettings, source: Source, id: string, name: string, component: 'sensor' | 'binary_sensor') {
  return {
    name,
    unique_id: id,
    default_entity_id: `${component}.${id}`,
    availability_topic: aggregatorStatusTopic(settings.prefix),
    payload_available: 'online',
    payload_not_available: 'offline',
    qos: settings.qos,
    device: device(settings, source),
    origin: { ...ORIGIN, sw_version: settings.version },
  };
}

function message(topic: string, config: Record<string, unknown>, qos: Qos): OutgoingMessage {
  return { topic, payload: JSON.stringify(config), retain: true, qos, json: true, persistent: true };
}

function sensor(settings: AggregateDiscoverySettings, source: Source, stateTopic: string, name: string): OutgoingMessage {
  const object = objectId(stateTopic);
  const id = `owm2mqtt_${object}`;
  const limits = quantityLimits(source.quantity);
  const config: Record<string, unknown> = {
    ...common(settings, source, id, name, 'sensor'),
    state_topic: stateTopic,
    state_class: 'measurement',
    expire_after: expireAfterSeconds(settings.periodS),
  };
  if (limits.deviceClass) config.device_class = limits.deviceClass;
  if (limits.unit) config.unit_of_measurement = limits.unit;
  return message(aggregateDiscoveryTopic(settings.haPrefix, 'sensor', 'owm2mqtt', object), config, settings.qos);
}

/** The group means' sensors: announced at start. */
export function groupDiscovery(sources: readonly Source[], settings: AggregateDiscoverySettings): OutgoingMessage[] {
  return sources.map((source) => sensor(settings, source, groupTopic(settings.prefix, source), `${columnLabel(source)} mean`));
}

function alertDeviceClass(rule: AlertRule): string {
  if (quantityLimits(rule.source.quantity).deviceClass !== 'temperature') return 'problem';
  return rule.op.startsWith('>') ? 'heat' : 'cold';
}

/** A new member's sensor, and a binary sensor per alert rule on its source: announced when it first shows up. */
export function memberDiscovery(
  source: Source,
  member: string,
  rules: readonly AlertRule[],
  settings: AggregateDiscoverySettings,
): OutgoingMessage[] {
  const label = columnLabel(source);
  const messages = [sensor(settings, source, memberTopic(settings.prefix, source, member), `${member} ${label} mean`)];
  for (const rule of rules.filter((r) => r.source === source)) {
    const stateTopic = alertTopic(settings.prefix, source, member, rule.id);
    const object = objectId(stateTopic);
    const id = `owm2mqtt_${object}`;
    const config = {
      ...common(settings, source, id, `${member} ${label} ${rule.op} ${rule.threshold}`, 'binary_sensor'),
      state_topic: stateTopic,
      value_template: '{{ value_json.state }}',
      payload_on: 'raised',
      payload_off: 'cleared',
      device_class: alertDeviceClass(rule),
    };
    messages.push(message(aggregateDiscoveryTopic(settings.haPrefix, 'binary_sensor', 'owm2mqtt', object), config, settings.qos));
  }
  return messages;
}
