/**
 * What a faulty sensor sends instead of a reading (`SIM_FAULTS` `garbage`): every kind an aggregator must
 * refuse. The empty payload, sent retained, also clears the topic's retained value, as a broken device would.
 */

/** More than 1 KiB: an aggregator's size limit. */
const OVERSIZED = 1100;

export const PLAIN_GARBAGE: readonly string[] = [
  'nan',
  'NaN',
  'inf',
  'unavailable',
  '',
  'true',
  '21,5',
  '-',
  '1e999',
  '999.9',
  '{"temperature":',
  'null',
  '9'.repeat(OVERSIZED),
];

export const JSON_GARBAGE: readonly string[] = [
  '{"temperature":"NaN","humidity":48,"luminosity":310}',
  '{"temperature":null,"humidity":48,"luminosity":310}',
  '{"temperature":true}',
  '{"temperature":1e999}',
  '{"temperature":999.9,"humidity":48,"luminosity":310}',
  '{"temperature":',
  '[]',
  'nan',
  '',
  `{"temperature":21.5,"note":"${'x'.repeat(OVERSIZED)}"}`,
];
