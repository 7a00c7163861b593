/**
 * `owm2mqtt simulate`: a house of rooms, each its own MQTT client publishing its readings every
 * SIM_INTERVAL_MS, with the faults of SIM_FAULTS. Written against src/simulate/ports.ts: the MQTT layer,
 * the clock and the logger come in.
 */
import { ROOM_QUANTITIES } from '../topics/home.js';
import { type Fault, faultsAt, faultsOf, isActive } from './faults.js';
import { JSON_GARBAGE, PLAIN_GARBAGE } from './garbage.js';
import { House } from './house.js';
import { LiveOutdoor } from './outdoor.js';
import { roomSlots, type Slot } from './payloads.js';
import type { BrokerPort, SimClock, SimLog, Subscription } from './ports.js';
import { type Random, seededRandom } from './random.js';
import { RoomClient } from './room-client.js';
import type { SimSettings } from './settings.js';
import { tamper } from './tamper.js';

export interface SimulateDeps {
  readonly broker: BrokerPort;
  readonly clock: SimClock;
  readonly log: SimLog;
  /** A fresh seed, when SIM_SEED is unset. */
  newSeed(): string;
}

export interface Simulation {
  /** The seed in use (SIM_SEED, or the fresh one). */
  readonly seed: string;
  /** Stops the readings, publishes every room `offline` and disconnects cleanly. */
  stop(): Promise<void>;
}

interface RoomRun {
  readonly name: string;
  readonly client: RoomClient;
  readonly faults: readonly Fault[];
  /** Draws for the faults only, so that adding a fault leaves the readings as they were. */
  readonly random: Random;
  /** The messages of the tick before, before faults: what a stuck sensor keeps sending. */
  previous: readonly Slot[] | undefined;
  frozen: readonly Slot[] | undefined;
}

const seconds = (ms: number) => `${ms / 1000} s`;

function describeFault(fault: Fault): string {
  const who = fault.room === '*' ? 'every room' : fault.room;
  const share = `${Number((fault.probability * 100).toPrecision(6))} % of its messages`;
  switch (fault.kind) {
    case 'silent':
      return fault.probability < 1 ? `${who} loses ${share}` : `${who} publishes nothing (and stays online)`;
    case 'stuck':
      return `${who} repeats its last values`;
    case 'garbage':
      return `${who} sends garbage instead of ${share}`;
    case 'disconnect':
      return `${who} is cut off without DISCONNECT (the broker publishes its Last Will, offline)`;
  }
}

export function startSimulation(settings: SimSettings, deps: SimulateDeps): Simulation {
  const { broker, clock, log } = deps;
  const seed = settings.seed ?? deps.newSeed();
  const startMs = settings.startMs ?? clock.now();
  const origin = clock.monotonic();
  const garbage = settings.format === 'json' ? JSON_GARBAGE : PLAIN_GARBAGE;

  const outdoor = settings.outdoorTopic === undefined ? undefined : new LiveOutdoor(settings.outdoorTopic, log);
  const house = new House({
    rooms: settings.rooms,
    seed,
    startMs,
    stepMs: settings.intervalMs * settings.speed,
    latitude: settings.latitude,
    longitude: settings.longitude,
    setpoints: settings.setpoints,
    outdoor: () => outdoor?.value,
  });
  const rooms: RoomRun[] = settings.rooms.map((name) => ({
    name,
    client: new RoomClient({
      broker,
      prefix: settings.prefix,
      room: name,
      clientId: `${settings.clientIdPrefix}${name}`,
      qos: settings.qos,
      retain: settings.retain,
    }),
    faults: faultsOf(settings.faults, name),
    random: seededRandom(seed, name, 'faults'),
    previous: undefined,
    frozen: undefined,
  }));

  const leaves = settings.format === 'json' ? '' : `/{${ROOM_QUANTITIES.join(',')}}`;
  log.info(
    `simulate: ${rooms.length} room${rooms.length === 1 ? '' : 's'} (${settings.rooms.join(', ')}) on ${settings.prefix}/<room>${leaves} every ${settings.intervalMs} ms, QoS ${settings.qos}${settings.retain ? ', retained' : ''}`,
  );
  const start = new Date(startMs).toISOString();
  const outdoorFrom =
    settings.outdoorTopic === undefined ? 'a daily cycle' : `${settings.outdoorTopic} (a daily cycle until a value comes)`;
  const live = settings.outdoorTopic === undefined ? '' : ', the live outdoor temperature aside';
  log.info(
    `simulate: simulated time from ${start} at ${settings.speed}× real time, outdoor temperature from ${outdoorFrom}; SIM_SEED=${seed} SIM_START=${start} repeats this run${live}`,
  );
  for (const fault of settings.faults) log.info(`SIM_FAULTS ${fault.text}: ${describeFault(fault)}`);

  let subscription: Subscription | undefined;
  if (outdoor && settings.outdoorTopic !== undefined)
    subscription = broker.follow(settings.outdoorTopic, (payload) => outdoor.accept(payload));

  let tick = 0;
  let timer: unknown;
  let stopped = false;
  const faultWasActive = new Map<Fault, boolean>();

  /** One reading of every room; `publish` false while catching up after a late wake-up. */
  const runTick = (publish: boolean) => {
    const elapsed = tick * settings.intervalMs;
    for (const fault of settings.faults) {
      const active = isActive(fault, elapsed);
      if (active !== (faultWasActive.get(fault) ?? false))
        log.info(`SIM_FAULTS ${fault.text}: ${active ? 'starts' : 'ends'} at ${seconds(elapsed)}`);
      faultWasActive.set(fault, active);
    }
    const { readings } = house.tick();
    rooms.forEach((room, i) => {
      const faults = faultsAt(room.faults, elapsed);
      const clean = roomSlots(settings.prefix, room.name, readings[i]!, settings.format);
      room.frozen = faults.stuck ? (room.frozen ?? room.previous ?? clean) : undefined;
      room.previous = clean;
      const sent = (room.frozen ?? clean).flatMap((slot) => tamper(slot, faults, room.random, garbage) ?? []);
      // A room cut off sends nothing and keeps nothing: it is back with its reading of the tick it reconnects.
      if (faults.disconnected) room.client.drop();
      else {
        room.client.connect();
        if (publish) room.client.send(sent);
      }
    });
    tick++;
  };

  const wake = () => {
    if (stopped) return;
    // Late (a busy machine, a suspended laptop): the missed readings are computed, not published.
    const due = Math.floor((clock.monotonic() - origin) / settings.intervalMs);
    while (tick < due) runTick(false);
    runTick(true);
    timer = clock.setTimeout(wake, origin + tick * settings.intervalMs - clock.monotonic());
  };
  wake();

  return {
    seed,
    async stop() {
      if (stopped) return;
      stopped = true;
      clock.clearTimeout(timer);
      await Promise.all([subscription?.close(), ...rooms.map((room) => room.client.end())]);
      log.info(`simulate: stopped; ${rooms.length === 1 ? 'the room is' : 'every room is'} offline`);
    },
  };
}
