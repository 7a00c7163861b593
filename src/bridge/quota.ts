import { scheduleLoad } from '../schedule/load.js';

/** OpenWeatherMap's free plan, and how often its data changes. */
export const FREE_PLAN = { callsPerMinute: 60, callsPerMonth: 1_000_000 } as const;
export const REFRESH_SECONDS = 600;

/**
 * Start-up warnings: the schedule would exceed the free plan, or poll faster than OWM refreshes.
 * `forecastIntervalMs`: the forecast is on, one more call per location that often (and with the
 * first poll, so that poll's minute holds one more call per location).
 */
export function quotaWarnings(expression: string, locations: number, callsPerLocation = 1, forecastIntervalMs?: number): string[] {
  const load = scheduleLoad(expression);
  const calls = locations * callsPerLocation;
  const forecast = forecastIntervalMs === undefined ? 0 : locations;
  const forecastPerDay = forecastIntervalMs === undefined ? 0 : locations * Math.ceil(86_400_000 / forecastIntervalMs);
  const extras = `${callsPerLocation > 1 ? ' and air quality' : ''}${forecast > 0 ? ' and the forecast' : ''}`;
  const warnings: string[] = [];
  const perMinute = calls * load.pollsPerMinute + forecast;
  if (perMinute > FREE_PLAN.callsPerMinute) {
    warnings.push(
      `SCHEDULE "${expression}" with ${locations} location(s)${extras} makes up to ${perMinute} calls in a minute: the free plan allows ${FREE_PLAN.callsPerMinute} (then HTTP 429)`,
    );
  }
  const perMonth = (calls * load.pollsPerDay + forecastPerDay) * 31;
  // Stryker disable next-line EqualityOperator: a month is 31 × a whole number of calls, never exactly 1,000,000
  if (perMonth > FREE_PLAN.callsPerMonth) {
    warnings.push(
      `SCHEDULE "${expression}" with ${locations} location(s)${extras} makes about ${perMonth.toLocaleString('en')} calls a month: the free plan allows ${FREE_PLAN.callsPerMonth.toLocaleString('en')}`,
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
