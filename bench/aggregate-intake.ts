// The aggregator's sustained intake: messages through payload parsing and the members' windows
// (Aggregation.accept), at full speed, with the period closed every simulated minute. Pure: no
// broker, no timers; the clock is simulated (each message 1 ms later: 1,000 members at 1 Hz), so
// what is measured is the aggregator's own cost per message. `npm run bench` (bench/run.mjs) or
// `node bench/aggregate-intake.mjs` runs it.
import { Aggregation } from '../src/aggregate/engine.js';
import { parseSources } from '../src/aggregate/sources.js';

export interface IntakeOptions {
  readonly members?: number;
  /** `plain`: `maison/<m>/temperature` = `21.3`; `json`: `zigbee2mqtt/<m>` = Zigbee2MQTT's object. */
  readonly format?: 'plain' | 'json';
  /** Stop after this many messages, or this many seconds of wall time, whichever first. */
  readonly messages?: number;
  readonly seconds?: number;
  /** Heap samples while running (every this many messages), to see whether memory stays flat. */
  readonly sampleEvery?: number;
}

export interface IntakeResult {
  readonly members: number;
  readonly format: 'plain' | 'json';
  readonly messages: number;
  readonly seconds: number;
  readonly messagesPerSecond: number;
  /** Per second of this process's CPU time (user + system): the figure that does not depend on what else the machine runs. */
  readonly messagesPerCpuSecond: number;
  readonly cpuSeconds: number;
  /** heapUsed after a full GC (when `gc` is exposed), MiB: after warm-up, and at the end. */
  readonly heapBeforeMiB: number;
  readonly heapAfterMiB: number;
  /** heapUsed (after GC) at each sample, MiB. */
  readonly heapSamplesMiB: readonly number[];
  readonly periods: number;
  readonly lastMean: number | undefined;
}

const MiB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

function heapMiB(): number {
  gc?.();
  return Math.round((process.memoryUsage().heapUsed / MiB) * 10) / 10;
}

export function measureIntake(options: IntakeOptions = {}): IntakeResult {
  const members = options.members ?? 1000;
  const format = options.format ?? 'plain';
  const limit = options.messages ?? 2_000_000;
  const deadline = options.seconds === undefined ? Number.POSITIVE_INFINITY : performance.now() + options.seconds * 1000;
  const sampleEvery = options.sampleEvery ?? 1_000_000;
  const entry = format === 'plain' ? 'maison/+/temperature' : 'zigbee2mqtt/+:temperature';
  const parsed = parseSources(entry);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  let mono = 0;
  const clock = { now: () => 1_785_000_000_000 + mono, monotonic: () => mono };
  const aggregation = new Aggregation({
    sources: parsed.sources,
    rules: [],
    prefix: 'stats',
    maxMembers: members,
    staleMs: undefined,
    clock,
    log: { warn: () => {}, info: () => {} },
  });
  const topics = Array.from({ length: members }, (_, i) => (format === 'plain' ? `maison/room${i}/temperature` : `zigbee2mqtt/sensor${i}`));
  // The payloads as mqtt.js hands them over: Buffers, a hundred different values.
  const payloads = Array.from({ length: 100 }, (_, i) => {
    const value = (18 + i / 20).toFixed(1);
    return Buffer.from(
      format === 'plain' ? value : `{"battery":97,"humidity":48.2,"linkquality":120,"temperature":${value},"voltage":3000}`,
    );
  });
  let periods = 0;
  let lastMean: number | undefined;
  const feed = (count: number) => {
    for (let n = 0; n < count; n++) {
      aggregation.accept(topics[n % members]!, payloads[n % 97]!, false);
      mono += 1;
      if (mono % 60_000 === 0) {
        lastMean = aggregation.close().groups[0]!.mean;
        periods++;
      }
    }
  };
  // Warm-up: every member seen, the code optimised.
  feed(Math.max(members * 20, 100_000));
  const heapBefore = heapMiB();
  const samples: number[] = [];
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let sent = 0;
  const batch = 10_000;
  while (sent < limit && performance.now() < deadline) {
    feed(batch);
    sent += batch;
    if (sent % sampleEvery === 0) samples.push(heapMiB());
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    members,
    format,
    messages: sent,
    seconds: Math.round(seconds * 100) / 100,
    messagesPerSecond: Math.round(sent / seconds),
    messagesPerCpuSecond: Math.round(sent / cpuSeconds),
    cpuSeconds: Math.round(cpuSeconds * 100) / 100,
    heapBeforeMiB: heapBefore,
    heapAfterMiB: heapMiB(),
    heapSamplesMiB: samples,
    periods,
    lastMean,
  };
}
