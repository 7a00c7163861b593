import type { Bucket } from './series-store.js';

/**
 * The range shown, as CSV: one row per point and topic, `topic,time,min,mean,max`, time in ISO
 * 8601 UTC. Gaps are not rows. A field a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@` first) is quoted and prefixed with `'`.
 */
export function toCsv(series: ReadonlyMap<string, readonly Bucket[]>): string {
  const lines = ['topic,time,min,mean,max'];
  for (const [topic, buckets] of series) {
    const name = csvText(topic);
    for (const bucket of buckets) {
      if (bucket.mean === null) continue;
      lines.push(`${name},${new Date(bucket.t).toISOString()},${bucket.min ?? ''},${bucket.mean},${bucket.max ?? ''}`);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function csvText(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n']/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** `owm2mqtt-temperature-24h-2026-12-02T12-00Z.csv` */
export function csvFileName(quantity: string, rangeId: string, now: number): string {
  const stamp = new Date(now).toISOString().slice(0, 16).replace(':', '-');
  return `owm2mqtt-${quantity.replace(/[^A-Za-z0-9_-]/g, '_')}-${rangeId}-${stamp}Z.csv`;
}
