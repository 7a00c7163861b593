import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { listenOn } from './ports.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/owm/', import.meta.url));
/** The latest recording's dt (2026-08-01T08:55:32Z): in the past, as a current observation is. */
const FIRST_DT = 1_785_574_532;
export const DEMO_KEY = 'demo-key-not-a-real-one-000000000';
/** Each location walks through recorded observations, one per poll. */
export const SCRIPT: Readonly<Record<string, readonly string[]>> = {
  'Lisbon,PT': ['weather-clouds-all-optional-fields-metric.json', 'weather-rain-1h-all-optional-fields-name-with-space-metric.json'],
  'Berlin,DE': ['weather-no-gust-with-sea-grnd-metric.json', 'doc-weather-units-metric.json'],
};
/** The location whose temperature follows the simulated day, and that the rooms feel. */
export const CYCLING = 'Lisbon,PT';

/**
 * A loopback OpenWeatherMap serving the recorded responses in fixtures/owm: a new observation at
 * each poll, and for CYCLING a temperature that follows `hourOfDay()` (the simulated clock):
 * coolest at 03:00, warmest at 15:00, so the charts show a day's cycle.
 */
export async function startOwmStandIn(hourOfDay: () => number): Promise<{ url: string; server: Server }> {
  const served = new Map<string, number>();
  const server = createServer((request, response) => {
    const q = new URL(request.url ?? '/', 'http://x').searchParams.get('q') ?? '';
    const files = SCRIPT[q];
    if (!files) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"cod":"404","message":"city not found"}');
      return;
    }
    const n = served.get(q) ?? 0;
    served.set(q, n + 1);
    const body = JSON.parse(readFileSync(`${FIXTURES}${files[n % files.length]}`, 'utf8')) as { dt: number; main: Record<string, number> };
    // A new observation every poll, each later than the last (an older one is not published), whatever the recording's own dt.
    body.dt = FIRST_DT + n * 600;
    if (q === CYCLING) {
      const temp = Math.round((14 + 6 * Math.sin((2 * Math.PI * (hourOfDay() - 9)) / 24)) * 100) / 100;
      // The recording's other temperatures follow, so that none contradicts it.
      Object.assign(body.main, { temp, feels_like: temp - 0.8, temp_min: temp - 1, temp_max: temp + 1 });
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  });
  const port = await listenOn(server, 0);
  return { url: `http://127.0.0.1:${port}`, server };
}
