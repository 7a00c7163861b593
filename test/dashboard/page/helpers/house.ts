import type { LiveState } from '../../../../src/dashboard/server/live-state.js';
import type { FakeHistory } from './fake-history.js';

const MINUTE = 60_000;

/** The course's house: three rooms at 1/min, the aggregator's mean, the bridge's outdoor values every 10 minutes. */
export const ROOMS = ['salon', 'cuisine', 'chambre'] as const;

/**
 * `days` of history ending at `now`, and the broker's retained state as the dashboard would have
 * received it on subscribing: latest values, statuses (one room offline), one active alert.
 */
export function seedHouse(history: FakeHistory, live: LiveState, now: number, days = 1): void {
  const roomCount = (days * 24 * 60) | 0;
  ROOMS.forEach((room, r) => {
    history.fill(`maison/${room}/temperature`, now - MINUTE, MINUTE, roomCount, (i) => 20 + r + 2 * Math.sin((i / 1440) * 2 * Math.PI));
    history.fill(`maison/${room}/humidite`, now - MINUTE, MINUTE, roomCount, (i) => 45 + r * 5 + 5 * Math.cos((i / 1440) * 2 * Math.PI));
  });
  history.fill('stats/maison/temperature', now - MINUTE, MINUTE, roomCount, (i) => 21 + 2 * Math.sin((i / 1440) * 2 * Math.PI));
  const outdoorCount = (days * 24 * 6) | 0;
  history.fill(
    'exterieur/lisbon/temperature',
    now - 5 * MINUTE,
    10 * MINUTE,
    outdoorCount,
    (i) => 14 + 6 * Math.sin((i / 144) * 2 * Math.PI),
  );
  history.fill(
    'exterieur/lisbon/humidity',
    now - 5 * MINUTE,
    10 * MINUTE,
    outdoorCount,
    (i) => 70 + 15 * Math.cos((i / 144) * 2 * Math.PI),
  );
  history.fill('exterieur/lisbon/pressure', now - 5 * MINUTE, 10 * MINUTE, outdoorCount, (i) => 1013 + 4 * Math.sin(i / 50));

  for (const info of history.series()) live.receive(info.topic, String(Math.round(info.latest * 100) / 100), info.last);
  live.receive('exterieur/bridge/status', 'online', now - 3600_000);
  live.receive('stats/status', 'online', now - 3600_000);
  live.receive('maison/salon/status', 'online', now - 3600_000);
  live.receive('maison/cuisine/status', 'online', now - 3600_000);
  live.receive('maison/chambre/status', 'offline', now - 600_000);
  live.receive(
    'stats/alerts/maison/salon/temperature',
    JSON.stringify({ state: 'raised', value: 25.4, threshold: 25, since: new Date(now - 300_000).toISOString() }),
    now - 300_000,
  );
}
