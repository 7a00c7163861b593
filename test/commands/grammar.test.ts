import { describe, expect, it } from 'vitest';
import { parseCommandLine, type Invocation } from '../../src/commands/grammar.js';
import { commandHelp, programHelp } from '../../src/commands/help.js';
import { COMMANDS, type Command } from '../../src/commands/table.js';
import { SETTINGS } from '../../src/config/settings.js';

/** The command line as the name of the command it runs and its flags, or what else it asks for. */
function outcome(argv: string[]): string {
  const parsed: Invocation = parseCommandLine(argv);
  switch (parsed.kind) {
    case 'command':
      return [
        parsed.command.name,
        parsed.dryRun ? 'dry-run' : '',
        parsed.printConfig ? 'print-config' : '',
        parsed.envFile === undefined ? '' : `env-file=${parsed.envFile}`,
      ]
        .filter(Boolean)
        .join(' ');
    case 'help':
      return `help ${parsed.command?.name ?? '(program)'}`;
    case 'version':
      return 'version';
    case 'error':
      return `error: ${parsed.message}`;
  }
}

const byName = (name: string): Command => COMMANDS.find((command) => command.name === name)!;

describe('the command line', () => {
  it.each([
    [[], 'run'],
    [['run'], 'run'],
    [['once'], 'once'],
    [['--once'], 'once'],
    [['watch'], 'watch'],
    [['purge'], 'purge'],
    [['--purge'], 'purge'],
    // The old flags, as units and timers in the wild write them.
    [['--dry-run'], 'once dry-run'],
    [['--once', '--dry-run'], 'once dry-run'],
    [['once', '--dry-run'], 'once dry-run'],
    [['--purge', '--dry-run'], 'purge dry-run'],
    [['purge', '--dry-run'], 'purge dry-run'],
    [['--print-config'], 'run print-config'],
    [['watch', '--print-config'], 'watch print-config'],
    [['--once', '--env-file', '/etc/owm2mqtt.env'], 'once env-file=/etc/owm2mqtt.env'],
    [['--env-file=/x.env', 'watch'], 'watch env-file=/x.env'],
    // The same command named twice is that command.
    [['once', '--once'], 'once'],
    [['purge', '--purge'], 'purge'],
  ])('%j runs %s', (argv, expected) => {
    expect(outcome(argv)).toBe(expected);
  });

  it.each([
    [['--help'], 'help (program)'],
    [['-h'], 'help (program)'],
    [['once', '--help'], 'help once'],
    [['--once', '--help'], 'help once'],
    [['watch', '-h'], 'help watch'],
    [['purge', '--help'], 'help purge'],
    [['--purge', '-h'], 'help purge'],
    [['run', '--help'], 'help run'],
    [['--help', '--version'], 'help (program)'],
    [['--version'], 'version'],
    [['-v'], 'version'],
  ])('%j asks for %s', (argv, expected) => {
    expect(outcome(argv)).toBe(expected);
  });

  it.each([
    [['frobnicate'], 'error: unknown command "frobnicate"'],
    [['watch', 'more'], 'error: unknown command "watch more"'],
    [['once', 'twice'], 'error: unknown command "once twice"'],
    [['--once', '--purge'], 'error: one command at a time: once, purge'],
    [['watch', '--once'], 'error: one command at a time: watch, once'],
    [['watch', '--dry-run'], 'error: watch has no --dry-run'],
    [['run', '--dry-run'], 'error: run has no --dry-run'],
    [['frobnicate', '--help'], 'error: unknown command "frobnicate"'],
  ])('%j is refused: %s', (argv, expected) => {
    expect(outcome(argv)).toBe(expected);
  });

  it('an unknown option, or one missing its value, is refused in node:util parseArgs words', () => {
    expect(outcome(['--frobnicate'])).toMatch(/^error: .*'--frobnicate'/);
    expect(outcome(['--once', '--env-file'])).toMatch(/^error: .*'--env-file <value>' argument missing/);
  });

  it('names each command once, and each old flag once', () => {
    const names = COMMANDS.map((command) => command.name);
    expect(names).toEqual(['run', 'once', 'watch', 'locate', 'purge', 'simulate', 'aggregate', 'dashboard', 'all']);
    const aliases = COMMANDS.flatMap((command) => command.aliases);
    expect(aliases).toEqual(['--once', '--purge']);
  });

  it('a new row is a new command, with its alias and its --dry-run, and nothing else to change', () => {
    const sensors: Command = {
      name: 'sensors',
      aliases: ['--sensors'],
      summary: 'publish made-up room sensors',
      sections: ['mqtt'],
      dryRun: 'print instead',
      mode: 'once',
      run: () => Promise.resolve(0),
    };
    const table = [...COMMANDS, sensors];
    for (const argv of [['sensors'], ['--sensors'], ['sensors', '--dry-run']]) {
      const parsed = parseCommandLine(argv, table);
      expect(parsed.kind === 'command' && parsed.command).toBe(sensors);
    }
    expect(parseCommandLine(['sensors'])).toEqual({ kind: 'error', message: 'unknown command "sensors"' });
    expect(programHelp('1.2.3', table)).toMatch(/^ {2}sensors {4}publish made-up room sensors \(also --sensors\)$/m);
  });
});

describe('--help', () => {
  it('lists every command with its summary and old flag, and the options', () => {
    const help = programHelp('1.2.3');
    expect(help).toMatch(/^owm2mqtt 1\.2\.3: /);
    const width = Math.max(...COMMANDS.map((command) => command.name.length));
    for (const command of COMMANDS) expect(help).toContain(`${command.name.padEnd(width)}  ${command.summary}`);
    expect(help).toContain('poll every location once, publish, exit (also --once)');
    expect(help).toContain('(also --purge)');
    for (const option of ['--dry-run', '--print-config', '--env-file PATH', '-h, --help', '-v, --version']) expect(help).toContain(option);
    expect(help).toContain('owm2mqtt <command> --help');
  });

  it('the commands in aligned columns, an old flag only where there is one, and each --dry-run on its line', () => {
    const help = programHelp('1.2.3');
    expect(help).toContain(`Commands:
  run        run the daemon: poll on SCHEDULE, publish, keep going (the default)
  once       poll every location once, publish, exit (also --once)
  watch      show what is on the broker under TOPIC_PREFIX, live
  locate     list the places OpenWeatherMap's Geocoding API knows by a name, each with a ready OWM_LOCATIONS entry
  purge      remove the retained topics and Home Assistant configs of locations no longer configured (also --purge)
  simulate   simulated room sensors: each room its own MQTT client publishing temperature, humidity and luminosity
  aggregate  republish the house's and each room's means under AGG_PREFIX, with staleness and alerts
  dashboard  serve a web page with the live values, their history, the statuses and the alerts
`);
    expect(help).toContain(`  --dry-run         see below
  once --dry-run: fetch once and print the messages; no broker needed (also --dry-run alone)
  purge --dry-run: list what would be removed, remove nothing
`);
    expect(help).toContain('Usage: owm2mqtt [command] [options]     (no command: run)\n');
    expect(help).toContain(`The flags of before commands had names still work:
  owm2mqtt --once     = owm2mqtt once
  owm2mqtt --purge    = owm2mqtt purge
  owm2mqtt --dry-run  = owm2mqtt once --dry-run
`);
    const twoAliases: Command = { ...byName('purge'), aliases: ['--purge', '--clean'] };
    expect(programHelp('1.2.3', [twoAliases])).toContain('(also --purge, --clean)');
  });

  it('<command> --help: settings in aligned columns; the usage with --dry-run only where it has one, and each alias on its own line', () => {
    const purge = commandHelp(byName('purge'));
    expect(purge).toContain(`Usage: owm2mqtt purge [--dry-run] [--print-config] [--env-file PATH]
       owm2mqtt --purge (the same)

  --dry-run  list what would be removed, remove nothing

Settings it reads`);
    expect(purge).toContain(`  Name                   Default                         Meaning
  OWM_LOCATIONS          required                        the places`);
    const watch = commandHelp(byName('watch'));
    expect(watch).toContain(`Usage: owm2mqtt watch [--print-config] [--env-file PATH]

Settings it reads`);
  });

  it('<command> --help: the usage and every setting of its sections, each with its default and one line', () => {
    const help = commandHelp(byName('once'));
    expect(help).toMatch(/^owm2mqtt once: poll every location once, publish, exit\n/);
    expect(help).toContain('owm2mqtt once [--dry-run] [--print-config] [--env-file PATH]');
    expect(help).toContain('owm2mqtt --once (the same)');
    const rows = help.split('\n').filter((line) => /^ {2}[A-Z]/.test(line) && !line.startsWith('  Name'));
    const once = byName('once');
    expect(rows.map((row) => row.trim().split(/\s+/)[0])).toEqual(
      SETTINGS.filter((setting) => once.sections.includes(setting.section)).map((setting) => setting.name),
    );
    expect(help).toMatch(/^ {2}OWM_API_KEY +required +your OpenWeatherMap API key/m);
    expect(help).toMatch(/^ {2}OWM_UNITS +metric +metric, imperial or standard$/m);
    expect(help).toMatch(/^ {2}SCHEDULE +\*\/10 \* \* \* \* +when the daemon polls/m);
  });

  it('each setting has its line: its default (or what stands for none) and a doc of its own', () => {
    // Every setting is read by some command, and shown in that command's --help.
    const help = COMMANDS.map((command) => commandHelp(command)).join('\n');
    const docs = new Set<string>();
    for (const setting of SETTINGS) {
      const row = help.split('\n').find((line) => line.startsWith(`  ${setting.name} `));
      expect(row, setting.name).toBeDefined();
      const [, shown, doc] = /^ {2}\S+ +(.+?) {2,}(.+)$/.exec(row!)!;
      expect(shown, setting.name).toMatch(/\S/);
      expect(doc!.length, setting.name).toBeGreaterThan(10);
      expect(doc, setting.name).toBe(setting.doc);
      docs.add(doc!);
    }
    expect(docs.size).toBe(SETTINGS.length);
    expect(help).toMatch(/^ {2}MQTT_CA_FILE +the system CAs +/m);
    expect(help).toMatch(/^ {2}MQTT_USERNAME +not set +/m);
  });

  it('watch --help lists only what watch reads: the MQTT settings, TOPIC_PREFIX and LOG_LEVEL', () => {
    const help = commandHelp(byName('watch'));
    const names = help
      .split('\n')
      .filter((line) => /^ {2}[A-Z_]+ /.test(line) && !line.startsWith('  Name'))
      .map((line) => line.trim().split(/\s+/)[0]);
    expect(names).toEqual(
      SETTINGS.filter((s) => s.name.startsWith('MQTT_'))
        .map((s) => s.name)
        .concat('TOPIC_PREFIX', 'LOG_LEVEL'),
    );
    expect(help).not.toContain('--dry-run');
    expect(help).toMatch(/^ {2}TOPIC_PREFIX +exterieur +the first level/m);
  });
});
