import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLocations, slugify, type LocationsResult } from '../../src/owm/locations.js';
import { topicLevelProblem, topicPrefixProblem } from '../../src/topics/levels.js';

/**
 * Properties of everything that turns configuration text into topic levels:
 * `OWM_LOCATIONS` (parseLocations, slugify) and `TOPIC_PREFIX` (topicPrefixProblem).
 * Generated inputs mix arbitrary Unicode with the fragments the grammar reacts to.
 */

const RUNS = 400;
const MAX_TOPIC_BYTES = 65_535;
/** Prefixes the examples of the docs use, plus one of the longest a level may be. */
const PREFIXES = ['exterieur', 'home/weather', `${'p'.repeat(256)}/${'q'.repeat(256)}`];

const FRAGMENTS = [
  'geo:',
  'GEO:',
  'id:',
  'Id:',
  'zip:',
  'ZIP:',
  'foo:',
  ':',
  ',',
  ';',
  ';;',
  '=',
  '==',
  '/',
  '+',
  '#',
  '$',
  '$SYS',
  '\u0000',
  ' ',
  '  ',
  '\t',
  '\n',
  '-',
  '--',
  '_',
  '.',
  '..',
  '0',
  '1',
  '-0',
  '+1',
  '43.6047',
  '1.4442',
  '-90',
  '90.0',
  '180',
  '-180.5',
  '91',
  '1e3',
  '.5',
  '5.',
  '2988507',
  '9007199254740993',
  '31000',
  'FR',
  'fr',
  'US',
  'IL',
  'Paris',
  'paris',
  'Springfield',
  'bridge',
  'Bridge',
  'BRIDGE',
  'São Paulo',
  'Zürich',
  'Saint-Étienne',
  'e\u0301',
  'ﬁ',
  'Ｔｏｋｙｏ',
  'ß',
  'İ',
  'Москва',
  'Киев',
  '東京',
  '北京',
  'ソウル',
  '😀',
  '\u00a0',
  '\u200b',
  '\u0085',
  '\u007f',
  '\ufeff',
  '\uffff',
  '\ufdd0',
];

const fragment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
);
const fromFragments = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join(''));

/** Entries shaped like the grammar (`body[=alias]` joined by `;`), so that many inputs are accepted. */
const selectorBody = fc.oneof(
  fc
    .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 })), {
      minLength: 1,
      maxLength: 3,
    })
    .map((p) => p.join(',')),
  fc
    .tuple(fc.double({ min: -95, max: 95, noNaN: true }), fc.double({ min: -185, max: 185, noNaN: true }))
    .map(([lat, lon]) => `geo:${lat},${lon}`),
  fc.integer({ min: -5, max: 10_000_000 }).map((id) => `id:${id}`),
  fc
    .tuple(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 6 }), fc.constantFrom('', ',FR', ',us', ',F', ',FR,X'))
    .map(([code, cc]) => `zip:${code}${cc}`),
);
const alias = fc.oneof(
  fc.constantFrom(...FRAGMENTS),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
);
const entry = fc.tuple(selectorBody, fc.option(alias, { nil: undefined })).map(([body, a]) => (a === undefined ? body : `${body}=${a}`));
const structured = fc.array(entry, { minLength: 1, maxLength: 6 }).map((entries) => entries.join(';'));

const locationsText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary-ascii' }),
  fromFragments,
  structured,
);

/** JSON with every character outside printable ASCII written as \u{…}, so invisible ones show. */
function show(text: string): string {
  return JSON.stringify(text).replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** The levels of an accepted value, or undefined when it was refused. */
function levelsOf(result: LocationsResult): string[] | undefined {
  return result.ok ? result.locations.map((location) => location.level) : undefined;
}

/**
 * Code points Mosquitto treats as malformed UTF-8 in a topic (it closes the
 * connection, "disconnected due to malformed packet"): C0 and C1 controls,
 * DEL, and the Unicode noncharacters.
 */
function mosquittoRejects(text: string): boolean {
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) return true;
    if (cp >= 0xfdd0 && cp <= 0xfdef) return true;
    if ((cp & 0xfffe) === 0xfffe) return true;
  }
  return false;
}

describe('parseLocations (property)', () => {
  it('never throws, and answers either locations or a non-empty list of problems', () => {
    fc.assert(
      fc.property(locationsText, (text) => {
        const result = parseLocations(text);
        if (result.ok) expect(result.locations.length).toBeGreaterThan(0);
        else {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems) expect(problem).toMatch(/^entry \d+ /);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('when it accepts, every level is one valid, unique MQTT topic level', () => {
    let accepted = 0;
    fc.assert(
      fc.property(locationsText, (text) => {
        const levels = levelsOf(parseLocations(text));
        if (levels === undefined) return;
        accepted++;
        for (const level of levels) {
          expect(level.length, show(level)).toBeGreaterThan(0);
          expect(level).not.toMatch(/[/+#\u0000]/);
          expect(level.startsWith('$')).toBe(false);
          expect(level).not.toBe('bridge');
          expect(topicLevelProblem(level)).toBeUndefined();
          for (const prefix of PREFIXES) {
            const topic = `${prefix}/${level}/temperature`;
            expect(topic).not.toMatch(/[+#\u0000]/);
            expect(topic.split('/')).toHaveLength(prefix.split('/').length + 2);
            expect(Buffer.byteLength(topic, 'utf8')).toBeLessThanOrEqual(MAX_TOPIC_BYTES);
          }
        }
        expect(new Set(levels).size).toBe(levels.length);
      }),
      { numRuns: RUNS * 2 },
    );
    // The property is not vacuous: a good share of the generated values are accepted.
    expect(accepted).toBeGreaterThan(RUNS / 10);
  });

  it('when it accepts, every level is well-formed Unicode that Mosquitto accepts in a topic', () => {
    fc.assert(
      fc.property(locationsText, (text) => {
        for (const level of levelsOf(parseLocations(text)) ?? []) {
          expect(Buffer.from(level, 'utf8').toString('utf8'), show(level)).toBe(level);
          expect(mosquittoRejects(level), `OWM_LOCATIONS=${show(text)} accepted with the level ${show(level)}`).toBe(false);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('when it accepts, every level is NFC, and NFC and NFD spellings of the value give the same levels', () => {
    fc.assert(
      fc.property(locationsText, (text) => {
        const levels = levelsOf(parseLocations(text));
        for (const level of levels ?? []) expect(level.normalize('NFC'), show(level)).toBe(level);
        expect(levelsOf(parseLocations(text.normalize('NFD')))).toEqual(levelsOf(parseLocations(text.normalize('NFC'))));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('a city without alias gets the slug of its name as level', () => {
    const city = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
      .filter((name) => !/[,;=:]/.test(name) && slugify(name) !== '' && slugify(name) !== 'bridge');
    fc.assert(
      fc.property(city, fc.constantFrom('', ',FR', ',IL,US'), (name, rest) => {
        expect(levelsOf(parseLocations(`${name}${rest}`))).toEqual([slugify(name)]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('slugify (property)', () => {
  const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fromFragments);

  it('gives lower-case letters and digits in runs joined by single "-"', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(slugify(text)).toMatch(/^([a-z0-9]+(-[a-z0-9]+)*)?$/);
      }),
      { numRuns: RUNS },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(slugify(slugify(text))).toBe(slugify(text));
      }),
      { numRuns: RUNS },
    );
  });

  it('is the lower case of a name made of ASCII letters only', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z]*$/), (name) => {
        expect(slugify(name)).toBe(name.toLowerCase());
      }),
      { numRuns: RUNS },
    );
  });
});

describe('topicPrefixProblem (property)', () => {
  const level = fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      'a ',
      ' a',
      '$SYS',
      '$',
      'a$',
      '+',
      '#',
      'a+b',
      '\u0000',
      'home',
      'weather',
      'bridge',
      'x'.repeat(256),
      'x'.repeat(257),
      'é'.repeat(128),
      'é'.repeat(129),
    ),
    fc.string({ unit: 'binary', maxLength: 6 }),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
  );
  const prefix = fc.oneof(
    fc.array(level, { minLength: 1, maxLength: 5 }).map((levels) => levels.join('/')),
    fc.string({ unit: 'binary' }),
    fromFragments,
  );

  it('accepts exactly the prefixes whose every level passes topicLevelProblem', () => {
    let accepted = 0;
    fc.assert(
      fc.property(prefix, (p) => {
        const everyLevelPasses = p.split('/').every((l) => topicLevelProblem(l) === undefined);
        if (everyLevelPasses) accepted++;
        expect(topicPrefixProblem(p) === undefined, show(p)).toBe(everyLevelPasses);
      }),
      { numRuns: RUNS * 2 },
    );
    expect(accepted).toBeGreaterThan(RUNS / 10);
  });

  it('an accepted TOPIC_PREFIX leaves room for every topic under it (at most 65535 bytes)', () => {
    // Each level may be 256 bytes, but nothing bounds how many levels TOPIC_PREFIX has.
    // The prefix is built inside the property so that a counterexample reads [levels, bytes].
    fc.assert(
      // Biased towards many long levels, where a prefix alone reaches the limit.
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 240, max: 300 })),
        fc.oneof(fc.integer({ min: 1, max: 256 }), fc.integer({ min: 220, max: 256 })),
        (levels, bytes) => {
          const p = Array.from({ length: levels }, () => 'w'.repeat(bytes)).join('/');
          if (topicPrefixProblem(p) !== undefined) return;
          // The longest level a location can have (an alias of 256 bytes) and the longest leaf.
          const topic = `${p}/${'l'.repeat(256)}/last_success`;
          expect(
            Buffer.byteLength(topic, 'utf8'),
            `TOPIC_PREFIX of ${levels} levels of ${bytes} bytes (${Buffer.byteLength(p)} bytes) is accepted`,
          ).toBeLessThanOrEqual(MAX_TOPIC_BYTES);
        },
      ),
      { numRuns: RUNS / 4 },
    );
  });
});
