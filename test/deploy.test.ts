/** The systemd units in deploy/: valid, and hardened to an exposure of at most 2.0 ("OK"). */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DEPLOY = fileURLToPath(new URL('../deploy/', import.meta.url));
const available = spawnSync('systemd-analyze', ['--version'], { stdio: 'ignore' }).error === undefined;
if (!available && process.env.CI === 'true')
  throw new Error('systemd-analyze is missing: .ci/run installs systemd so CI always checks the units');

describe.skipIf(!available)('deploy/ systemd units', () => {
  it('pass systemd-analyze verify', () => {
    const run = spawnSync(
      'systemd-analyze',
      ['verify', 'owm2mqtt.service', 'owm2mqtt-once.service', 'owm2mqtt.timer', 'owm2mqtt-aggregate.service', 'owm2mqtt-all.service'],
      {
        cwd: DEPLOY,
        encoding: 'utf8',
      },
    );
    expect(run.stderr + run.stdout).toBe('');
    expect(run.status).toBe(0);
  });

  it.each(['owm2mqtt.service', 'owm2mqtt-once.service', 'owm2mqtt-aggregate.service', 'owm2mqtt-all.service'])(
    '%s has an exposure of at most 2.0',
    (unit) => {
      const out = execFileSync('systemd-analyze', ['security', '--offline=true', '--no-pager', unit], { cwd: DEPLOY, encoding: 'utf8' });
      const exposure = Number(/Overall exposure level for \S+: ([\d.]+)/.exec(out)?.[1]);
      console.log(`${unit}: exposure ${exposure}`);
      expect(exposure).toBeLessThanOrEqual(2.0);
    },
  );

  it('does not restart-loop on a configuration error, and the timer catches up after downtime', () => {
    const read = (name: string) => execFileSync('cat', [`${DEPLOY}${name}`], { encoding: 'utf8' });
    expect(read('owm2mqtt.service')).toMatch(/^RestartPreventExitStatus=2$/m);
    expect(read('owm2mqtt.service')).toMatch(/^Restart=on-failure$/m);
    expect(read('owm2mqtt-aggregate.service')).toMatch(/^RestartPreventExitStatus=2$/m);
    expect(read('owm2mqtt-aggregate.service')).toMatch(/^Restart=on-failure$/m);
    expect(read('owm2mqtt-all.service')).toMatch(/^RestartPreventExitStatus=2$/m);
    expect(read('owm2mqtt-all.service')).toMatch(/^Restart=on-failure$/m);
    expect(read('owm2mqtt.timer')).toMatch(/^Persistent=true$/m);
    expect(read('owm2mqtt.timer')).toMatch(/^RandomizedDelaySec=/m);
  });
});

describe('deploy/ service units and the clock', () => {
  it.each(['owm2mqtt.service', 'owm2mqtt-once.service'])(
    '%s starts after time sync, tags its journal lines owm2mqtt, and restarts after SIGHUP (exit 129)',
    (unit) => {
      const text = execFileSync('cat', [`${DEPLOY}${unit}`], { encoding: 'utf8' });
      expect(text).toMatch(/^Wants=.*\btime-sync\.target\b/m);
      expect(text).toMatch(/^After=.*\btime-sync\.target\b/m);
      expect(text).toMatch(/^SyslogIdentifier=owm2mqtt$/m);
      if (unit === 'owm2mqtt.service') {
        expect(text).toMatch(/^Restart=on-failure$/m);
        expect(text).not.toMatch(/^(RestartPreventExitStatus|SuccessExitStatus)=.*\b129\b/m);
      }
    },
  );
});
