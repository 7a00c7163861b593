import cron from 'node-cron';

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
