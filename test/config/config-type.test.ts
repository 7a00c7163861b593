/**
 * The `Config` type is read from the rows of src/config/settings.ts (not written a second time):
 * its shape and each value's type, as the rest of the program uses them. Checked by `tsc`
 * (`npx tsc --noEmit`); the test itself only states it.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { Config } from '../../src/config/index.js';
import type { Qos } from '../../src/core/message.js';
import type { LogLevel } from '../../src/core/log.js';
import type { Units } from '../../src/core/units.js';
import type { Location } from '../../src/owm/locations.js';

describe('the Config type, from the settings table', () => {
  it('has every group and bookkeeping field, and nothing else', () => {
    expectTypeOf<keyof Config>().toEqualTypeOf<
      | 'owm'
      | 'mqtt'
      | 'topicPrefix'
      | 'publishUnchanged'
      | 'homeAssistant'
      | 'schedule'
      | 'logLevel'
      | 'onceDeadlineMs'
      | 'secrets'
      | 'secretSources'
      | 'home'
      | 'simulate'
      | 'aggregate'
      | 'dashboard'
    >();
    expectTypeOf<keyof Config['owm']>().toEqualTypeOf<
      | 'apiKey'
      | 'locations'
      | 'units'
      | 'lang'
      | 'baseUrl'
      | 'timeoutMs'
      | 'concurrency'
      | 'retries'
      | 'retryDelayMs'
      | 'airQuality'
      | 'geocoding'
      | 'placesFile'
      | 'forecast'
      | 'forecastIntervalMs'
      | 'forecastHours'
    >();
    expectTypeOf<Config['owm']['forecastHours']>().toEqualTypeOf<number[]>();
    expectTypeOf<keyof Config['mqtt']>().toEqualTypeOf<
      | 'url'
      | 'username'
      | 'password'
      | 'clientId'
      | 'qos'
      | 'retain'
      | 'timeoutMs'
      | 'reconnectMinMs'
      | 'reconnectMaxMs'
      | 'protocolVersion'
      | 'messageExpirySeconds'
      | 'tls'
    >();
    expectTypeOf<keyof Config['mqtt']['tls']>().toEqualTypeOf<'ca' | 'cert' | 'key' | 'insecure' | 'files'>();
    expectTypeOf<keyof Config['homeAssistant']>().toEqualTypeOf<'enabled' | 'prefix'>();
    expectTypeOf<keyof Config['dashboard']>().toEqualTypeOf<
      'topics' | 'host' | 'port' | 'password' | 'databasePath' | 'rawDays' | 'historyDays' | 'units'
    >();
  });

  it('gives each value the type its check produces', () => {
    expectTypeOf<Config['owm']['apiKey']>().toEqualTypeOf<string>();
    expectTypeOf<Config['owm']['locations']>().toEqualTypeOf<readonly Location[]>();
    expectTypeOf<Config['owm']['units']>().toEqualTypeOf<Units>();
    expectTypeOf<Config['owm']['timeoutMs']>().toEqualTypeOf<number>();
    expectTypeOf<Config['owm']['airQuality']>().toEqualTypeOf<boolean>();
    expectTypeOf<Config['mqtt']['username']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Config['mqtt']['password']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Config['mqtt']['qos']>().toEqualTypeOf<Qos>();
    expectTypeOf<Config['mqtt']['protocolVersion']>().toEqualTypeOf<4 | 5>();
    expectTypeOf<Config['mqtt']['tls']['ca']>().toEqualTypeOf<Buffer | undefined>();
    expectTypeOf<Config['mqtt']['tls']['files']>().toEqualTypeOf<Readonly<Record<string, string>>>();
    expectTypeOf<Config['logLevel']>().toEqualTypeOf<LogLevel>();
    expectTypeOf<Config['secrets']>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<Config['secretSources']>().toEqualTypeOf<Readonly<Record<string, string | undefined>>>();
  });
});
