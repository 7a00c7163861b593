import type { Mode } from '../config/index.js';
import { BRIDGE_SECTIONS, type Section } from '../config/sections.js';
import type { CommandContext } from './context.js';

export interface Command {
  readonly name: string;
  /** The old flags that still name it (`owm2mqtt --once`, as units and timers in the wild call it). */
  readonly aliases: readonly string[];
  readonly summary: string;
  /** The settings it reads: only these are checked and required (src/config/sections.ts). */
  readonly sections: readonly Section[];
  /** What `--dry-run` does to it; a command without it refuses `--dry-run`. */
  readonly dryRun?: string;
  /** Picks the default MQTT_CLIENT_ID: `once` ones do not take over the daemon's connection. */
  readonly mode: Mode;
  /** What it takes after its name, for `--help` (`"<place>"`); a command without it takes nothing. */
  readonly operands?: string;
  /** Loaded only when run: a run pays for its own command's modules alone. */
  readonly run: (context: CommandContext) => Promise<number>;
}

const RUN: Command = {
  name: 'run',
  aliases: [],
  summary: 'run the daemon: poll on SCHEDULE, publish, keep going (the default)',
  sections: BRIDGE_SECTIONS,
  mode: 'daemon',
  run: async (context) => (await import('./run.js')).run(context),
};
const ONCE: Command = {
  name: 'once',
  aliases: ['--once'],
  summary: 'poll every location once, publish, exit',
  sections: BRIDGE_SECTIONS,
  dryRun: 'fetch once and print the messages; no broker needed (also --dry-run alone)',
  mode: 'once',
  run: async (context) => (await import('./once.js')).once(context),
};

/** Every command: a new one is one more row here and one file beside this one. */
export const COMMANDS: readonly Command[] = [
  RUN,
  ONCE,
  {
    name: 'watch',
    aliases: [],
    summary: 'show what is on the broker under TOPIC_PREFIX, live',
    sections: ['mqtt', 'topics', 'logging'],
    mode: 'once',
    run: async (context) => (await import('./watch.js')).watch(context),
  },
  {
    name: 'locate',
    aliases: [],
    summary: "list the places OpenWeatherMap's Geocoding API knows by a name, each with a ready OWM_LOCATIONS entry",
    operands: '"<name>[,<state>][,<country>]"',
    sections: ['owm', 'logging'],
    mode: 'once',
    run: async (context) => (await import('./locate.js')).locate(context),
  },
  {
    name: 'purge',
    aliases: ['--purge'],
    summary: 'remove the retained topics and Home Assistant configs of locations no longer configured',
    sections: ['locations', 'mqtt', 'topics', 'home-assistant', 'logging'],
    dryRun: 'list what would be removed, remove nothing',
    mode: 'once',
    run: async (context) => (await import('./purge.js')).purge(context),
  },
  {
    name: 'simulate',
    aliases: [],
    summary: 'simulated room sensors: each room its own MQTT client publishing temperature, humidity and luminosity',
    sections: ['mqtt', 'logging', 'home', 'simulate'],
    mode: 'daemon',
    run: async (context) => (await import('./simulate.js')).simulate(context),
  },
  {
    name: 'aggregate',
    aliases: [],
    summary: "republish the house's and each room's means under AGG_PREFIX, with staleness and alerts",
    sections: ['mqtt', 'home-assistant', 'logging', 'aggregate'],
    mode: 'aggregate',
    run: async (context) => (await import('./aggregate.js')).aggregate(context),
  },
  {
    name: 'dashboard',
    aliases: [],
    summary: 'serve a web page with the live values, their history, the statuses and the alerts',
    sections: ['mqtt', 'dashboard', 'logging'],
    mode: 'daemon',
    run: async (context) => (await import('./dashboard.js')).dashboard(context),
  },
  {
    name: 'all',
    aliases: [],
    summary: 'run, aggregate and dashboard in one process: one service on a Pi, less memory than three',
    sections: [...BRIDGE_SECTIONS, 'aggregate', 'dashboard'],
    mode: 'daemon',
    run: async (context) => (await import('./all.js')).all(context),
  },
];

/** Without a command. */
export const DEFAULT_COMMAND = RUN;
/** `owm2mqtt --dry-run` alone, as before commands had names. */
export const DRY_RUN_COMMAND = ONCE;
