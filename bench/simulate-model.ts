// The simulator's CPU cost per room-second (one reading of one room, as SIM_INTERVAL_MS=1000 gives), pure:
// no broker, no timers. Two figures: the model alone (House.tick: the physics, noise and rounding), and the
// whole command per tick (model, payloads, faults, the client's bookkeeping) on a port that drops every
// message. Run: npx esbuild bench/simulate-model.ts --bundle --platform=node --format=esm \
//   --outfile=build/bench-simulate.js && node --expose-gc build/bench-simulate.js
// Environment: BENCH_SIM_ROOMS (default 100), BENCH_SIM_SECONDS (simulated seconds per run, default 3600).
import { startSimulation } from '../src/simulate/command.js';
import { House } from '../src/simulate/house.js';
import type { BrokerPort, SimClock } from '../src/simulate/ports.js';
import { parseSimSettings } from '../src/simulate/settings.js';

export interface SimBenchResult {
  readonly rooms: number;
  readonly seconds: number;
  /** CPU (user + system) per room per reading, microseconds. */
  readonly modelMicros: number;
  readonly commandMicros: number;
  /** Heap used after a full GC, with the command's house built and run, MiB (when run with --expose-gc). */
  readonly heapMiB: number | undefined;
}

const cpuMicros = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return user + system;
};

/** CPU per room-second of the model alone. */
export function benchModel(rooms: number, seconds: number): number {
  const house = new House({
    rooms: Array.from({ length: rooms }, (_, i) => `room${i + 1}`),
    seed: 'bench',
    startMs: Date.UTC(2026, 0, 15),
    stepMs: 1000,
    latitude: 43.6,
    longitude: 1.44,
    setpoints: { day: 20, night: 17 },
  });
  for (let i = 0; i < 60; i++) house.tick();
  const start = process.cpuUsage();
  for (let i = 0; i < seconds; i++) house.tick();
  return cpuMicros(start) / (rooms * seconds);
}

/** CPU per room-second of the whole command, on a port that accepts every connection and drops every message. */
export async function benchCommand(rooms: number, seconds: number): Promise<number> {
  const parsed = parseSimSettings({
    SIM_ROOMS: String(rooms),
    SIM_SEED: 'bench',
    SIM_START: '2026-01-15T00:00:00Z',
    SIM_FAULTS: '*:garbage~0.01',
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  let published = 0;
  const broker: BrokerPort = {
    open: (options) => {
      queueMicrotask(options.onConnect);
      return { publish: () => void published++, end: async () => {}, drop: () => {} };
    },
    follow: () => ({ close: async () => {} }),
  };
  // A clock the loop below moves by hand: each wake-up is one reading of every room.
  let now = 0;
  let pending: (() => void) | undefined;
  const clock: SimClock = {
    now: () => Date.UTC(2026, 0, 15),
    monotonic: () => now,
    setTimeout: (callback, ms) => {
      pending = () => {
        now += ms;
        callback();
      };
      return 1;
    },
    clearTimeout: () => {
      pending = undefined;
    },
  };
  const simulation = startSimulation(parsed.settings, { broker, clock, log: { info: () => {}, warn: () => {} }, newSeed: () => 'bench' });
  // The sessions connect on the next microtask, as a real client connects later than it is opened.
  await Promise.resolve();
  for (let i = 0; i < 60; i++) pending!();
  const start = process.cpuUsage();
  for (let i = 0; i < seconds; i++) pending!();
  const micros = cpuMicros(start) / (rooms * seconds);
  await simulation.stop();
  if (published < rooms * seconds * 3) throw new Error(`only ${published} messages published`);
  return micros;
}

export async function benchSimulator(rooms = 100, seconds = 3600): Promise<SimBenchResult> {
  const modelMicros = benchModel(rooms, seconds);
  const commandMicros = await benchCommand(rooms, seconds);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapMiB = gc ? process.memoryUsage().heapUsed / 2 ** 20 : undefined;
  return { rooms, seconds, modelMicros, commandMicros, heapMiB };
}

if (process.argv[1]?.endsWith('bench-simulate.js')) {
  const rooms = Number(process.env.BENCH_SIM_ROOMS ?? 100);
  const seconds = Number(process.env.BENCH_SIM_SECONDS ?? 3600);
  const result = await benchSimulator(rooms, seconds);
  const share = (micros: number) => `${((micros * rooms) / 10_000).toFixed(3)} % of one core`;
  console.log(JSON.stringify(result));
  console.log(
    `${rooms} rooms at 1 Hz: model ${result.modelMicros.toFixed(2)} µs CPU per room-second (${share(result.modelMicros)}), ` +
      `whole command ${result.commandMicros.toFixed(2)} µs (${share(result.commandMicros)})`,
  );
}
