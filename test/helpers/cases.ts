/** Reading fixtures/cases/<case>/ folders (see fixtures/cases/README.md), for the mapping and broker tests. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Qos } from '../../src/config/index.js';
import { UNITS, type Units } from '../../src/core/units.js';

export const CASES = fileURLToPath(new URL('../../fixtures/cases/', import.meta.url));
export const OWM = fileURLToPath(new URL('../../fixtures/owm/', import.meta.url));

export interface CaseFile {
  location: string;
  units: Units;
  response: string;
  prefix: string;
  qos: Qos;
  retain: boolean;
}

export interface ExpectedLine {
  topic: string;
  payload: string;
}

export function readCase(dir: string): CaseFile {
  const raw = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Record<string, unknown>;
  const { location, units, response, prefix, qos, retain } = raw;
  if (typeof location !== 'string') throw new Error(`${dir}/case.json: "location" must be a string`);
  if (typeof units !== 'string' || !(UNITS as readonly string[]).includes(units))
    throw new Error(`${dir}/case.json: "units" must be one of ${UNITS.join(', ')}`);
  if (typeof response !== 'string') throw new Error(`${dir}/case.json: "response" must name a file in fixtures/owm/`);
  if (typeof prefix !== 'string') throw new Error(`${dir}/case.json: "prefix" must be a string`);
  if (qos !== 0 && qos !== 1 && qos !== 2) throw new Error(`${dir}/case.json: "qos" must be 0, 1 or 2`);
  if (typeof retain !== 'boolean') throw new Error(`${dir}/case.json: "retain" must be true or false`);
  return { location, units: units as Units, response, prefix, qos, retain };
}

/** `topic<TAB>payload` per line; the payload may be empty (cleared) and may contain spaces. */
export function readExpectedMessages(file: string): ExpectedLine[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, index) => {
    const tab = line.indexOf('\t');
    if (tab === -1) throw new Error(`${file}:${index + 1}: no TAB between topic and payload`);
    return { topic: line.slice(0, tab), payload: line.slice(tab + 1) };
  });
}

export const caseNames = readdirSync(CASES)
  .filter((name) => statSync(join(CASES, name)).isDirectory())
  .sort();
