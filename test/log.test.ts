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
});
