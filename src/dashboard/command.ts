import { NO_DATABASE_PLACE } from '../config/database-path.js';
import type { Config } from '../config/index.js';
import { displayText } from '../core/display.js';
import { EXIT, codeOf, messageOf } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { type Delivery, LiveSession } from '../mqtt/live-session.js';
import { openHistory } from './open-history.js';
import { shippedAssetsDirectory } from './server/assets.js';
import { maxPayloadBytes } from './server/classify.js';
import { LiveState } from './server/live-state.js';
import { type DashboardServer, startDashboardServer } from './server/server.js';

export type StopSignal = 'SIGTERM' | 'SIGINT' | 'SIGHUP';

export interface DashboardRun {
  readonly config: Config;
  readonly log: Logger;
  /** Calls `stop` at the first stop signal. */
  readonly onStopSignal: (stop: (signal: StopSignal) => void) => void;
  /** Called once the page is served. */
  readonly onServing: () => void;
  /** Where the page's files are (dist/dashboard/ beside the bundle by default). */
  readonly assetsDirectory?: string;
}

/**
 * `owm2mqtt dashboard`: the history (SQLite), the web server, and an MQTT session subscribed to
 * DASHBOARD_TOPICS feeding both, until a stop signal: then the server closes, the session ends
 * and what waits is written to the history. Resolves with the exit code.
 */
export async function runDashboard({ config, log, onStopSignal, onServing, assetsDirectory }: DashboardRun): Promise<number> {
  const settings = config.dashboard;
  if (settings.databasePath === '') {
    log.error(NO_DATABASE_PLACE);
    return EXIT.CONFIG;
  }
  const opened = await openHistory({
    path: settings.databasePath,
    rawDays: settings.rawDays,
    historyDays: settings.historyDays,
    onError: (message) => log.error(`dashboard: ${message}`),
    onRecovered: (message) => log.info(`dashboard: ${message}`),
  });
  const { history } = opened;
  if (!opened.ok) log.error(`dashboard: ${opened.problem}`);
  else log.info(`dashboard: history in ${settings.databasePath}`);

  const live = new LiveState({
    onCap: (topic, max) => log.warn(`dashboard: more than ${max} topics of one kind; ${displayText(topic)} and later new ones are ignored`),
  });

  let server: DashboardServer;
  try {
    server = await startDashboardServer({
      host: settings.host,
      port: settings.port,
      password: settings.password,
      history,
      live,
      units: settings.units,
      assetsDirectory: assetsDirectory ?? shippedAssetsDirectory(),
      log,
    });
  } catch (error) {
    history.close();
    log.error(`dashboard: ${listenProblem(error, settings.host, settings.port)}`);
    return EXIT.SOME_LOCATIONS_FAILED;
  }

  const session = new LiveSession({
    ...config.mqtt,
    url: config.mqtt.url,
    clientId: `${config.mqtt.clientId}-dashboard`,
    reconnect: true,
    reconnectMinMs: config.mqtt.reconnectMinMs,
    reconnectMaxMs: config.mqtt.reconnectMaxMs,
    log,
  });
  const receive = (delivery: Delivery) => {
    if (delivery.payload.length > maxPayloadBytes(delivery.topic)) return;
    const event = live.receive(delivery.topic, delivery.payload.toString('utf8'), Date.now());
    // A retained message is as old as the broker's copy, which it does not say: shown, not recorded.
    if (event?.kind === 'sample' && !delivery.retained)
      history.add({ topic: delivery.topic, t: event.sample.t, value: event.sample.value });
  };
  await session.subscribe(settings.topics, receive);
  log.info(`dashboard: ${server.url} (recording ${settings.topics.join(', ')} from ${config.mqtt.url})`);
  onServing();

  return new Promise<number>((resolve) => {
    let stopping = false;
    onStopSignal((signal) => {
      if (stopping) return;
      stopping = true;
      log.info(`${signal} received: closing the dashboard`);
      const ended = session.end().catch((error: unknown) => log.warn(`dashboard: ending the MQTT session: ${messageOf(error)}`));
      void Promise.allSettled([server.close(), ended]).then(() => {
        // What waits in memory is written now: a clean stop loses nothing.
        history.close();
        resolve(signal === 'SIGHUP' ? 129 : EXIT.OK);
      });
    });
    // In the background: without a broker the page still serves the history, and the session keeps trying.
    session.connect().then(
      () => log.info(`dashboard: connected to the MQTT broker at ${config.mqtt.url}`),
      (error: unknown) => log.error(`dashboard: ${messageOf(error)}`),
    );
  });
}

/** Why the server could not listen, and what to do. */
function listenProblem(error: unknown, host: string, port: number): string {
  switch (codeOf(error)) {
    case 'EADDRINUSE':
      return `DASHBOARD_PORT=${port}: another program already listens on ${host}:${port} (another dashboard?). Stop it, or set DASHBOARD_PORT to a free port`;
    case 'EACCES':
      return `DASHBOARD_PORT=${port}: this user may not listen on port ${port} (below 1024 needs privileges). Choose a port above 1023, like the default 8377`;
    case 'EADDRNOTAVAIL':
      return `DASHBOARD_HOST=${host} is not an address of this machine: give one of its addresses, 127.0.0.1, or 0.0.0.0 for every interface`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DASHBOARD_HOST=${host}: this name does not resolve to an address of this machine: give an IP address`;
    default:
      return messageOf(error);
  }
}
