import cron from 'node-cron';

/** OpenWeatherMap's free plan, and how often its data changes. */
export const FREE_PLAN = { callsPerMinute: 60, callsPerMonth: 1_000_000 } as const;
export const REFRESH_SECONDS = 600;

export interface ScheduleLoad {
  readonly pollsPerDay: number;
  /** The shortest time between two polls, in seconds. */
  readonly shortestGapSeconds: number;
  /** The longest time between two polls, in seconds (overnight, for a schedule that polls by day only). */
  readonly longestGapSeconds: number;
  /** Polls that can fall within one minute. */
  readonly pollsPerMinute: number;
}

/** What a (validated) cron expression asks for, on a day when it runs at all. */
export function scheduleLoad(expression: string): ScheduleLoad {
  const fields = cron.parse(expression);
  const times: number[] = [];
  for (const hour of fields.hour) {
    for (const minute of fields.minute) {
      // Stryker disable next-line ArithmeticOperator: "- minute * 60" or "- second" mirror the times within an hour or a minute: the same gaps, so the same load
      for (const second of fields.second) times.push(hour * 3600 + minute * 60 + second);
    }
  }
  times.sort((a, b) => a - b);
  const gaps = [86_400 - times[times.length - 1]! + times[0]!];
  for (let i = 1; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!);
  return {
    pollsPerDay: times.length,
    shortestGapSeconds: Math.min(...gaps),
    longestGapSeconds: Math.max(...gaps),
    pollsPerMinute: fields.second.length,
  };
}

/** Start-up warnings: the schedule would exceed the free plan, or poll faster than OWM refreshes. */
export function quotaWarnings(expression: string, locations: number, callsPerLocation = 1): string[] {
  const load = scheduleLoad(expression);
  const calls = locations * callsPerLocation;
  const warnings: string[] = [];
  const perMinute = calls * load.pollsPerMinute;
  if (perMinute > FREE_PLAN.callsPerMinute) {
    warnings.push(
      `SCHEDULE "${expression}" with ${locations} location(s)${callsPerLocation > 1 ? ` and air quality` : ''} makes up to ${perMinute} calls in a minute: the free plan allows ${FREE_PLAN.callsPerMinute} (then HTTP 429)`,
    );
  }
  const perMonth = calls * load.pollsPerDay * 31;
  // Stryker disable next-line EqualityOperator: a month is 31 × a whole number of calls, never exactly 1,000,000
  if (perMonth > FREE_PLAN.callsPerMonth) {
    warnings.push(
      `SCHEDULE "${expression}" with ${locations} location(s)${callsPerLocation > 1 ? ` and air quality` : ''} makes about ${perMonth.toLocaleString('en')} calls a month: the free plan allows ${FREE_PLAN.callsPerMonth.toLocaleString('en')}`,
    );
  }
  if (load.shortestGapSeconds < REFRESH_SECONDS) {
    warnings.push(
      `SCHEDULE "${expression}" polls every ${formatSeconds(load.shortestGapSeconds)}: OpenWeatherMap updates its data about every 10 minutes, so most polls will bring nothing new`,
    );
  }
  return warnings;
}

function formatSeconds(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}
