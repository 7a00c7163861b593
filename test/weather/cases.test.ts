/**
 * Telegraf-style "testcases": every folder under fixtures/cases/ is one situation.
 * Adding a folder adds a test; no code change. See fixtures/cases/README.md.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLocations } from '../../src/owm/locations.js';
import { mapReport } from '../../src/bridge/mapping.js';
import { parseWeather } from '../../src/owm/responses/weather.js';
import { CASES, caseNames, OWM, readCase, readExpectedMessages } from '../helpers/cases.js';

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
        expect({ topic: message.topic, retain: message.retain, qos: message.qos }).toEqual({
          topic: message.topic,
          retain: c.retain,
          qos: c.qos,
        });
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
