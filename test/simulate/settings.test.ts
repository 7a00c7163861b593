import { describe, expect, it } from 'vitest';
import { parseSimSettings, SIM_DEFAULTS, SIM_VARIABLES, type SimSettings } from '../../src/simulate/settings.js';

const settings = (env: Record<string, string | undefined>): SimSettings => {
  const result = parseSimSettings(env);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.settings;
};
const problems = (env: Record<string, string | undefined>) => {
  const result = parseSimSettings(env);
  return result.ok ? [] : result.problems;
};

describe('parseSimSettings', () => {
  it('has the documented defaults', () => {
    expect(settings({})).toEqual({
      prefix: 'maison',
      rooms: ['salon', 'cuisine', 'chambre'],
      intervalMs: 1000,
      qos: 1,
      retain: true,
      format: 'plain',
      seed: undefined,
      speed: 1,
      startMs: undefined,
      outdoorTopic: undefined,
      faults: [],
      latitude: 43.6,
      longitude: 1.44,
      setpoints: { day: 20, night: 17 },
      clientIdPrefix: 'owm2mqtt-sim-',
    });
    expect(SIM_VARIABLES).toEqual([...Object.keys(SIM_DEFAULTS), 'SIM_SEED', 'SIM_START', 'SIM_OUTDOOR_TOPIC', 'SIM_FAULTS']);
  });

  it('reads every setting, trimmed; an empty or blank value is the default', () => {
    expect(
      settings({
        HOME_PREFIX: ' home/sensors ',
        SIM_ROOMS: 'salon; bureau ;',
        SIM_INTERVAL_MS: '250',
        SIM_QOS: '2',
        SIM_RETAIN: 'No',
        SIM_FORMAT: 'json',
        SIM_SEED: ' 42 ',
        SIM_SPEED: '1440',
        SIM_START: '2026-01-15T07:00:00+01:00',
        SIM_OUTDOOR_TOPIC: 'exterieur/toulouse/temperature',
        SIM_FAULTS: 'bureau:stuck',
        SIM_LATITUDE: '-33.9',
        SIM_LONGITUDE: '151.2',
        SIM_SETPOINT_DAY: '21.5',
        SIM_SETPOINT_NIGHT: '16',
        SIM_CLIENT_ID_PREFIX: 'house-',
      }),
    ).toMatchObject({
      prefix: 'home/sensors',
      rooms: ['salon', 'bureau'],
      intervalMs: 250,
      qos: 2,
      retain: false,
      format: 'json',
      seed: '42',
      speed: 1440,
      startMs: Date.UTC(2026, 0, 15, 6),
      outdoorTopic: 'exterieur/toulouse/temperature',
      faults: [{ room: 'bureau', kind: 'stuck' }],
      latitude: -33.9,
      longitude: 151.2,
      setpoints: { day: 21.5, night: 16 },
      clientIdPrefix: 'house-',
    });
    expect(settings({ SIM_ROOMS: ' ', SIM_SEED: '', SIM_QOS: '\t', SIM_FAULTS: ' ', SIM_START: '', SIM_OUTDOOR_TOPIC: '' })).toEqual(
      settings({}),
    );
  });

  it.each([
    ['yes', true],
    ['on', true],
    ['1', true],
    ['TRUE', true],
    ['off', false],
    ['0', false],
    ['false', false],
  ])('reads SIM_RETAIN=%s as %s', (text, value) => {
    expect(settings({ SIM_RETAIN: text }).retain).toBe(value);
  });

  it('takes a number of rooms, or names', () => {
    expect(settings({ SIM_ROOMS: '3' }).rooms).toEqual(['room1', 'room2', 'room3']);
    expect(settings({ SIM_ROOMS: '1000' }).rooms).toHaveLength(1000);
    expect(settings({ SIM_ROOMS: 'séjour' }).rooms).toEqual(['séjour']);
    // NFC: two spellings of one name are one room.
    expect(settings({ SIM_ROOMS: 'se\u0301jour' }).rooms).toEqual(['séjour']);
    expect(settings({ SIM_ROOMS: Array.from({ length: 1000 }, (_, i) => `r${i}`).join(';') }).rooms).toHaveLength(1000);
  });

  it('reads SIM_START as a date (midnight UTC) or a date and time', () => {
    expect(settings({ SIM_START: '2026-06-21' }).startMs).toBe(Date.UTC(2026, 5, 21));
    expect(settings({ SIM_START: '2026-06-21T12:30Z' }).startMs).toBe(Date.UTC(2026, 5, 21, 12, 30));
    expect(settings({ SIM_START: '2026-06-21T12:30:15.250Z' }).startMs).toBe(Date.UTC(2026, 5, 21, 12, 30, 15, 250));
  });

  it('takes the edges of each range', () => {
    expect(settings({ SIM_INTERVAL_MS: '100' }).intervalMs).toBe(100);
    expect(settings({ SIM_INTERVAL_MS: '3600000' }).intervalMs).toBe(3_600_000);
    expect(settings({ SIM_SPEED: '0.001' }).speed).toBe(0.001);
    expect(settings({ SIM_SPEED: '100000' }).speed).toBe(100_000);
    expect(settings({ SIM_LATITUDE: '-90', SIM_LONGITUDE: '180' })).toMatchObject({ latitude: -90, longitude: 180 });
    expect(settings({ SIM_LATITUDE: '90', SIM_LONGITUDE: '-180' })).toMatchObject({ latitude: 90, longitude: -180 });
    expect(settings({ SIM_SETPOINT_DAY: '5', SIM_SETPOINT_NIGHT: '30' }).setpoints).toEqual({ day: 5, night: 30 });
    expect(settings({ SIM_QOS: '0' }).qos).toBe(0);
    expect(settings({ SIM_CLIENT_ID_PREFIX: 'x'.repeat(128) }).clientIdPrefix).toHaveLength(128);
  });

  it.each([
    [
      'HOME_PREFIX',
      'maison/+',
      'HOME_PREFIX="maison/+" has a level "+" that contains "/", "+" or "#" (MQTT separators and wildcards); write topic levels separated by "/", like maison or home/sensors',
    ],
    [
      'HOME_PREFIX',
      'maison/',
      'HOME_PREFIX="maison/" has an empty level (a leading, trailing or double "/"); write topic levels separated by "/", like maison or home/sensors',
    ],
    [
      'SIM_ROOMS',
      'salon;cui/sine',
      'SIM_ROOMS has a room "cui/sine" that contains "/", "+" or "#" (MQTT separators and wildcards); write room names separated by ";", like salon;cuisine;chambre',
    ],
    [
      'SIM_ROOMS',
      '$SYS',
      'SIM_ROOMS has a room "$SYS" that starts with "$" (reserved for broker topics such as $SYS); write room names separated by ";", like salon;cuisine;chambre',
    ],
    ['SIM_ROOMS', 'salon;cuisine;salon', 'SIM_ROOMS names "salon" twice; each room is a client of its own and needs a name of its own'],
    ['SIM_ROOMS', ';;', 'SIM_ROOMS has no room; write room names separated by ";", like salon;cuisine;chambre'],
    ['SIM_ROOMS', '0', 'SIM_ROOMS="0" must be from 1 to 1000 rooms, or room names separated by ";"'],
    ['SIM_ROOMS', '1001', 'SIM_ROOMS="1001" must be from 1 to 1000 rooms, or room names separated by ";"'],
    [
      'SIM_INTERVAL_MS',
      '99',
      'SIM_INTERVAL_MS="99" must be a whole number from 100 to 3600000: the milliseconds between two readings (default 1000)',
    ],
    [
      'SIM_INTERVAL_MS',
      '3600001',
      'SIM_INTERVAL_MS="3600001" must be a whole number from 100 to 3600000: the milliseconds between two readings (default 1000)',
    ],
    [
      'SIM_INTERVAL_MS',
      '1e3',
      'SIM_INTERVAL_MS="1e3" must be a whole number from 100 to 3600000: the milliseconds between two readings (default 1000)',
    ],
    [
      'SIM_INTERVAL_MS',
      '1000.5',
      'SIM_INTERVAL_MS="1000.5" must be a whole number from 100 to 3600000: the milliseconds between two readings (default 1000)',
    ],
    ['SIM_QOS', '3', 'SIM_QOS="3" must be 0, 1 or 2: the MQTT QoS of every message (default 1)'],
    [
      'SIM_RETAIN',
      'maybe',
      'SIM_RETAIN="maybe" must be true or false (or yes/no, on/off, 1/0): whether the readings are retained (default true)',
    ],
    [
      'SIM_FORMAT',
      'JSON',
      'SIM_FORMAT="JSON" must be plain or json: a topic per quantity, or one JSON object per room on <prefix>/<room> (default plain)',
    ],
    [
      'SIM_SPEED',
      '0',
      'SIM_SPEED="0" must be a number from 0.001 to 100000: how many times faster than real time simulated time runs; 1440 runs a day in a minute (default 1)',
    ],
    [
      'SIM_SPEED',
      '100001',
      'SIM_SPEED="100001" must be a number from 0.001 to 100000: how many times faster than real time simulated time runs; 1440 runs a day in a minute (default 1)',
    ],
    [
      'SIM_SPEED',
      '1,5',
      'SIM_SPEED="1,5" must be a number from 0.001 to 100000: how many times faster than real time simulated time runs; 1440 runs a day in a minute (default 1)',
    ],
    [
      'SIM_SPEED',
      '.5',
      'SIM_SPEED=".5" must be a number from 0.001 to 100000: how many times faster than real time simulated time runs; 1440 runs a day in a minute (default 1)',
    ],
    [
      'SIM_START',
      'yesterday',
      'SIM_START="yesterday" must be a date, or a date and time with Z or an offset (ISO 8601), like 2026-01-15 or 2026-01-15T07:00:00Z',
    ],
    [
      'SIM_START',
      '2026-01-15T07:00',
      'SIM_START="2026-01-15T07:00" must be a date, or a date and time with Z or an offset (ISO 8601), like 2026-01-15 or 2026-01-15T07:00:00Z',
    ],
    [
      'SIM_START',
      '2026-13-45',
      'SIM_START="2026-13-45" must be a date, or a date and time with Z or an offset (ISO 8601), like 2026-01-15 or 2026-01-15T07:00:00Z',
    ],
    [
      'SIM_START',
      'x2026-01-15',
      'SIM_START="x2026-01-15" must be a date, or a date and time with Z or an offset (ISO 8601), like 2026-01-15 or 2026-01-15T07:00:00Z',
    ],
    [
      'SIM_START',
      'Thu, 15 Jan 2026 07:00:00 GMT',
      'SIM_START="Thu, 15 Jan 2026 07:00:00 GMT" must be a date, or a date and time with Z or an offset (ISO 8601), like 2026-01-15 or 2026-01-15T07:00:00Z',
    ],
    [
      'SIM_OUTDOOR_TOPIC',
      'exterieur/+/temperature',
      'SIM_OUTDOOR_TOPIC="exterieur/+/temperature" has a level "+" that contains "/", "+" or "#" (MQTT separators and wildcards); write topic levels separated by "/", like exterieur/toulouse/temperature',
    ],
    [
      'SIM_FAULTS',
      'grenier:stuck',
      'SIM_FAULTS entry "grenier:stuck" names the room "grenier", which is not in SIM_ROOMS (salon, cuisine, chambre); name one of them, or * for every room',
    ],
    ['SIM_LATITUDE', '91', 'SIM_LATITUDE="91" must be a number from -90 to 90: degrees north, for the sun (default 43.6)'],
    ['SIM_LATITUDE', '-90.5', 'SIM_LATITUDE="-90.5" must be a number from -90 to 90: degrees north, for the sun (default 43.6)'],
    ['SIM_LONGITUDE', '181', 'SIM_LONGITUDE="181" must be a number from -180 to 180: degrees east, for the sun (default 1.44)'],
    ['SIM_LONGITUDE', '-181', 'SIM_LONGITUDE="-181" must be a number from -180 to 180: degrees east, for the sun (default 1.44)'],
    [
      'SIM_SETPOINT_DAY',
      '4.9',
      'SIM_SETPOINT_DAY="4.9" must be a number from 5 to 30: the heating set-point in °C from 06:30 to 22:00 local solar time (default 20)',
    ],
    [
      'SIM_SETPOINT_NIGHT',
      '30.1',
      'SIM_SETPOINT_NIGHT="30.1" must be a number from 5 to 30: the heating set-point in °C from 22:00 to 06:30 local solar time (default 17)',
    ],
    ['SIM_CLIENT_ID_PREFIX', 'x'.repeat(129), 'SIM_CLIENT_ID_PREFIX is longer than 128 bytes; write a short prefix, like owm2mqtt-sim-'],
    ['SIM_CLIENT_ID_PREFIX', 'a\u0000b', 'SIM_CLIENT_ID_PREFIX contains a control character; write printable text, like owm2mqtt-sim-'],
    ['SIM_CLIENT_ID_PREFIX', 'a\u0085b', 'SIM_CLIENT_ID_PREFIX contains a control character; write printable text, like owm2mqtt-sim-'],
  ])('refuses %s=%j: %s', (name, value, problem) => {
    expect(problems({ [name]: value })).toEqual([problem]);
  });

  it('lists every problem at once', () => {
    expect(problems({ SIM_QOS: '9', SIM_FORMAT: 'xml', SIM_FAULTS: 'salon:melt;grenier:stuck', SIM_SPEED: '-1' })).toHaveLength(5);
  });

  it('checks SIM_FAULTS against SIM_ROOMS, and says only the rooms are wrong when they are', () => {
    expect(settings({ SIM_ROOMS: '2', SIM_FAULTS: 'room2:silent' }).faults).toHaveLength(1);
    expect(problems({ SIM_ROOMS: 'a;a', SIM_FAULTS: 'b:stuck' })).toEqual([
      'SIM_ROOMS names "a" twice; each room is a client of its own and needs a name of its own',
    ]);
  });
});
