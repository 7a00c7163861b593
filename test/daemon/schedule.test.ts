import { describe, expect, it } from 'vitest';
import { cronSchedule } from '../../src/bridge/daemon.js';
import { finished, spawnCli } from '../helpers/cli.js';
import { FAKE_KEY } from '../helpers/env.js';
import { freePort } from '../helpers/ports.js';

describe('cronSchedule', () => {
  // node-cron caches the time zone per process, so each zone gets a daemon process of its own.
  it.each([
    ['UTC', 'T09:00:00Z'],
    ['Asia/Tokyo', 'T00:00:00Z'], // 09:00 in Tokyo
  ])('reads SCHEDULE in the TZ time zone (%s)', async (zone, utc) => {
    const child = spawnCli([], {
      TZ: zone,
      OWM_API_KEY: FAKE_KEY,
      OWM_LOCATIONS: 'Paris,FR',
      OWM_BASE_URL: `http://127.0.0.1:${await freePort()}`,
      MQTT_URL: `mqtt://127.0.0.1:${await freePort()}`,
      SCHEDULE: '0 9 * * *',
      OWM_RETRIES: '0',
    });
    const exit = finished(child, 10_000);
    let started = '';
    child.stderr.on('data', (chunk: Buffer) => {
      started += chunk.toString();
      if (started.includes('owm2mqtt started')) child.kill('SIGTERM');
    });
    await exit;
    expect(started).toContain(`schedule "0 9 * * *" in ${zone}`);
    expect(started).toMatch(new RegExp(`next scheduled poll \\d{4}-\\d\\d-\\d\\d${utc}`));
  });

  it('knows the interval between two polls', () => {
    expect(cronSchedule('*/10 * * * *').intervalMs()).toBe(600_000);
    expect(cronSchedule('*/5 * * * * *').intervalMs()).toBe(5_000);
  });
});
