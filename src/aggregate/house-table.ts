import type { AlertEvent, GroupReport, PeriodReport } from './engine.js';
import { formatNumber, isoSeconds } from './outputs.js';
import { quantityLimits } from '../quantities/plausible-ranges.js';
import type { Source } from './sources.js';
import { displayText } from '../core/display.js';

/**
 * What `owm2mqtt aggregate` shows each period (the course's "afficher la moyenne"): on a
 * terminal, one table per topic root (`maison`, `exterieur`), a row per member and a column per
 * source, the group's mean at the bottom; piped, one line per group. Pure: report in, text out.
 */

/** A source's column: the levels after its `+`, and its key when named (`temperature`, `SENSOR/AM2301.Temperature`). */
export function columnLabel(source: Source): string {
  const levels = source.explicitKey ? [...source.after, source.key.join('.')] : source.after;
  return levels.join('/');
}

const rootOf = (source: Source): string => source.before.join('/');

function cellOf(group: GroupReport, member: string): string {
  const used = group.used.find((m) => m.name === member);
  const decimals = quantityLimits(group.source.quantity).decimals;
  if (used) return `${formatNumber(used.mean!, decimals)}${used.retained ? '*' : ''}`;
  if (group.stale.includes(member)) return 'stale';
  if (group.offline.includes(member)) return 'offline';
  return '·';
}

function meanCell(group: GroupReport): string {
  if (group.mean === undefined) return '-';
  return formatNumber(group.mean, quantityLimits(group.source.quantity).decimals);
}

function grid(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

function alertText(alert: AlertEvent): string {
  const value = alert.value === undefined ? '' : ` (${formatNumber(alert.value, quantityLimits(alert.rule.source.quantity).decimals)})`;
  return `ALERT ${alert.rule.source.name} ${displayText(alert.member)} ${alert.rule.op} ${alert.rule.threshold}${value} since ${isoSeconds(alert.since)}`;
}

export function renderTable(report: PeriodReport): string {
  const roots = [...new Set(report.groups.map((group) => rootOf(group.source)))];
  const blocks = roots.map((root) => {
    const groups = report.groups.filter((group) => rootOf(group.source) === root);
    const members = [...new Set(groups.flatMap((g) => [...g.used.map((m) => m.name), ...g.stale, ...g.offline]))].sort();
    const header = [root === '' ? '(member)' : root, ...groups.map((g) => columnLabel(g.source))];
    // Member names are topic levels other clients chose: shown inert (a C1 CSI or a bidi override is valid UTF-8 to a broker).
    const rows = members.map((member) => [`  ${displayText(member)}`, ...groups.map((g) => cellOf(g, member))]);
    const mean = ['  mean', ...groups.map(meanCell)];
    const counts = ['  members used', ...groups.map((g) => `${g.count}/${g.count + g.stale.length + g.offline.length}`)];
    return grid([header, ...rows, mean, counts]).join('\n');
  });
  const lines = [`stats at ${isoSeconds(report.at)} over ${Math.round(report.windowMs / 1000)} s`, '', blocks.join('\n\n')];
  if (report.groups.some((g) => g.used.some((m) => m.retained)))
    lines.push('', '* a retained value found at start-up, not yet confirmed by a live message');
  if (report.raised.length > 0) lines.push('', ...report.raised.map(alertText));
  const refused = report.groups.filter((g) => Object.values(g.refused).some((n) => n > 0));
  if (refused.length > 0)
    lines.push(
      '',
      ...refused.map((g) => {
        const reasons = Object.entries(g.refused).filter(([, n]) => n > 0);
        return `refused since start, ${g.source.name}: ${reasons.map(([reason, n]) => `${reason} ${n}`).join(', ')}`;
      }),
    );
  return lines.join('\n');
}

/** Piped: one line per group. */
export function renderLines(report: PeriodReport): string[] {
  const at = isoSeconds(report.at);
  return report.groups.map((group) => {
    const decimals = quantityLimits(group.source.quantity).decimals;
    const n = (value: number | undefined) => (value === undefined ? '-' : formatNumber(value, decimals));
    const parts = [at, group.source.name, `mean=${n(group.mean)}`, `min=${n(group.min)}`, `max=${n(group.max)}`, `count=${group.count}`];
    for (const member of group.used) parts.push(`${displayText(member.name)}=${n(member.mean)}`);
    if (group.stale.length > 0) parts.push(`stale=${group.stale.map((m) => displayText(m)).join(',')}`);
    if (group.offline.length > 0) parts.push(`offline=${group.offline.map((m) => displayText(m)).join(',')}`);
    return parts.join(' ');
  });
}

/** Piped: one alert change, as it happens. */
export function alertLine(alert: AlertEvent): string {
  const value =
    alert.value === undefined ? alert.reason : `value=${formatNumber(alert.value, quantityLimits(alert.rule.source.quantity).decimals)}`;
  return `${isoSeconds(alert.since)} alert ${alert.state} ${alert.rule.source.name} ${displayText(alert.member)} ${alert.rule.op} ${alert.rule.threshold} ${value}`;
}
