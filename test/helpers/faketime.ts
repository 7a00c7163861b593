import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's libfaketime (package `faketime`, which .ci/run installs). */
const LIBRARY = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/arm-linux-gnueabihf/faketime/libfaketime.so.1',
  '/usr/lib/faketime/libfaketime.so.1',
].find((path) => existsSync(path));

export function faketimeAvailable(): boolean {
  return LIBRARY !== undefined;
}

/**
 * A wall clock for a child process, `offsetSeconds` from the real one, that the test can move
 * while the child runs. Only the wall clock: the monotonic clock stays real, as under NTP.
 */
export function shiftedWallClock(offsetSeconds: number): { env: Record<string, string>; set(offsetSeconds: number): void } {
  const file = join(mkdtempSync(join(tmpdir(), 'owm2mqtt-faketime-')), 'offset');
  const set = (offset: number) => writeFileSync(file, `${offset >= 0 ? '+' : ''}${Math.round(offset)}\n`);
  set(offsetSeconds);
  return {
    // NO_CACHE: the file is read on every clock call, so a change applies at once.
    env: { LD_PRELOAD: LIBRARY ?? '', FAKETIME_TIMESTAMP_FILE: file, FAKETIME_NO_CACHE: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1' },
    set,
  };
}
