/**
 * Telegraf-style "testcases": every folder under fixtures/cases/ is one situation.
 * Adding a folder adds a test; no code change. See fixtures/cases/README.md.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Qos } from '../../src/config/index.js';
import { parseLocations } from '../../src/locations.js';
import { UNITS, type Units } from '../../src/units.js';
import { mapReport } from '../../src/weather/mapping.js';
import { parseWeather } from '../../src/weather/schema.js';

const CASES = fileURLToPath(new URL('../../fixtures/cases/', import.meta.url));
const OWM = fileURLToPath(new URL('../../fixtures/owm/', import.meta.url));

interface CaseFile {
  location: string;
  units: Units;
  response: string;
  prefix: string;
  qos: Qos;
  retain: boolean;
}

interface ExpectedLine {
  topic: string;
  payload: string;
}

function readCase(dir: string): CaseFile {
  const raw = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Record<string, unknown>;
  const { location, units, response, prefix, qos, retain } = raw;
  if (typeof location !== 'string') throw new Error(`${dir}/case.json: "location" must be a string`);
  if (typeof units !== 'string' || !(UNITS as readonly string[]).includes(units)) throw new Error(`${dir}/case.json: "units" must be one of ${UNITS.join(', ')}`);
  if (typeof response !== 'string') throw new Error(`${dir}/case.json: "response" must name a file in fixtures/owm/`);
  if (typeof prefix !== 'string') throw new Error(`${dir}/case.json: "prefix" must be a string`);
  if (qos !== 0 && qos !== 1 && qos !== 2) throw new Error(`${dir}/case.json: "qos" must be 0, 1 or 2`);
  if (typeof retain !== 'boolean') throw new Error(`${dir}/case.json: "retain" must be true or false`);
  return { location, units: units as Units, response, prefix, qos, retain };
}

/** `topic<TAB>payload` per line; the payload may be empty (cleared) and may contain spaces. */
function readExpectedMessages(file: string): ExpectedLine[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, index) => {
    const tab = line.indexOf('\t');
    if (tab === -1) throw new Error(`${file}:${index + 1}: no TAB between topic and payload`);
    return { topic: line.slice(0, tab), payload: line.slice(tab + 1) };
  });
}

const caseNames = readdirSync(CASES)
  .filter((name) => statSync(join(CASES, name)).isDirectory())
  .sort();

describe('fixtures/cases', () => {
  it('has the cases the spec asks for (and each names a recorded response)', () => {
    expect(caseNames.length).toBeGreaterThanOrEqual(15);
    for (const name of caseNames) {
      const c = readCase(join(CASES, name));
      expect(statSync(join(OWM, c.response)).isFile(), `${name}: fixtures/owm/${c.response}`).toBe(true);
    }
  });

  describe.each(caseNames)('%s', (name) => {
    const dir = join(CASES, name);

    it('maps the recorded response to the expected messages and state', () => {
      const c = readCase(dir);
      const expectedLines = readExpectedMessages(join(dir, 'expected.messages'));
      const expectedState: unknown = JSON.parse(readFileSync(join(dir, 'expected.state.json'), 'utf8'));

      const parsedLocations = parseLocations(c.location);
      if (!parsedLocations.ok) throw new Error(`location "${c.location}" rejected: ${parsedLocations.problems.join('; ')}`);
      expect(parsedLocations.locations).toHaveLength(1);
      const location = parsedLocations.locations[0]!;

      const body: unknown = JSON.parse(readFileSync(join(OWM, c.response), 'utf8'));
      const parsed = parseWeather(body, c.units);
      if (!parsed.ok) throw new Error(`${c.response} rejected as ${c.units}: ${parsed.problems.join('; ')}`);

      const messages = mapReport(location, parsed.report, { topicPrefix: c.prefix, units: c.units, qos: c.qos, retain: c.retain });

      // Every message carries the configured delivery settings.
      for (const message of messages) {
        expect({ topic: message.topic, retain: message.retain, qos: message.qos }).toEqual({ topic: message.topic, retain: c.retain, qos: c.qos });
      }

      // Exactly one state message, on P/L/state; the topic level comes from the
      // configuration (expected.messages spells it), never from the response.
      const base = expectedLines[0]!.topic.slice(0, expectedLines[0]!.topic.lastIndexOf('/'));
      expect(base.startsWith(`${c.prefix}/`)).toBe(true);
      const stateTopic = `${base}/state`;
      const stateMessages = messages.filter((m) => m.topic === stateTopic);
      expect(stateMessages, `one message on ${stateTopic}`).toHaveLength(1);

      // Every other message, in publish order: topic and payload (empty = cleared).
      const others = messages.filter((m) => m.topic !== stateTopic).map(({ topic, payload }) => ({ topic, payload }));
      expect(others).toEqual(expectedLines);

      // The state JSON: same content, plain UTF-8 (no \u escapes of non-ASCII text).
      const statePayload = stateMessages[0]!.payload;
      expect(JSON.parse(statePayload)).toEqual(expectedState);
      expect(statePayload).not.toMatch(/\\u[0-9a-fA-F]{4}/);
    });
  });
});
