import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/log.js';
import { runCli } from './helpers/cli.js';
import { FAKE_KEY } from './helpers/env.js';
import { freePort } from './helpers/ports.js';

function lines(options: Parameters<typeof createLogger>[0]) {
  const out: string[] = [];
  const log = createLogger({ ...options, write: (line) => out.push(line) });
  return { log, out };
}

describe('logger', () => {
  it('writes LEVEL message, filtered by level', () => {
    const { log, out } = lines({ level: 'info' });
    log.debug('hidden');
    log.info('shown');
    log.error('bad');
    expect(out).toEqual(['INFO  shown', 'ERROR bad']);
  });

  it("under systemd's journal, starts each line with its syslog priority", () => {
    const { log, out } = lines({ level: 'debug', journal: true });
    log.error('e');
    log.warn('w');
    log.info('i');
    log.debug('d');
    expect(out).toEqual(['<3>e', '<4>w', '<6>i', '<7>d']);
  });

  it('masks every secret of four characters or more, also URL-encoded', () => {
    const { log, out } = lines({ level: 'info' });
    log.addSecrets(['s3cr3t key', 'abc']);
    log.info('key=s3cr3t key url=s3cr3t%20key abc');
    expect(out).toEqual(['INFO  key=*** url=*** abc']);
  });

  it('makes every line inert: no control or format character reaches the terminal or the journal, newlines kept', () => {
    const { log, out } = lines({ level: 'info', journal: true });
    log.warn('payload 21\x1b[2J\x1b]0;PWNED\x07 from \u202eevil\rforged\n  second line');
    expect(out).toEqual(['<4>payload 21\\x1b[2J\\x1b]0;PWNED\\x07 from \\u202eevil\\rforged\n  second line']);
  });

  it('the CLI uses the priorities when JOURNAL_STREAM is set, and plain levels otherwise', async () => {
    const env = {
      OWM_API_KEY: FAKE_KEY,
      OWM_LOCATIONS: 'Paris,FR',
      OWM_BASE_URL: `http://127.0.0.1:${await freePort()}`,
      OWM_RETRIES: '0',
      MQTT_URL: `mqtt://127.0.0.1:${await freePort()}`,
    };
    const journal = await runCli(['--once'], { ...env, JOURNAL_STREAM: '8:12345' });
    expect(journal.stderr).toMatch(/^<3>nothing accepts connections/m);
    const plain = await runCli(['--once'], env);
    expect(plain.stderr).toMatch(/^ERROR nothing accepts connections/m);
  });

  it('a configuration error under the journal is at priority err, every line of it (journald files plain stderr as info)', async () => {
    const env = { OWM_API_KEY: FAKE_KEY, OWM_LOCATIONS: 'Paris,FR', OWM_UNITS: 'kelvin', MQTT_QOS: '7' };
    const journal = await runCli(['--once'], { ...env, JOURNAL_STREAM: '8:12345' });
    expect(journal.code).toBe(2);
    const lines = journal.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^<3>/);
    expect(lines[0]).toBe('<3>owm2mqtt: the configuration has 2 problem(s); nothing was published:');
    const plain = await runCli(['--once'], env);
    expect(plain.stderr).toBe(journal.stderr.replaceAll('<3>', ''));
    const usage = await runCli(['--no-such-flag'], { JOURNAL_STREAM: '8:12345' });
    expect(usage.stderr).toMatch(/^<3>owm2mqtt: .*\n<3>Try owm2mqtt --help\n$/);
  });
});
