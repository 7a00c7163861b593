import { messageOf } from '../../core/errors.js';
/// <reference lib="dom" />
import type { LiveValue } from '../server/wire.js';
import { AlertsView } from './alerts.js';
import { fetchSeries, LoggedOut } from './api.js';
import { Charts } from './charts.js';
import { button, byId } from './dom.js';
import { connectLive } from './live.js';
import { RANGES, type RangeChoice, rangeFromHash } from './ranges.js';
import { onThemeChange } from './theme.js';
import { Tiles } from './tiles.js';

/** The page: tiles, statuses and alerts from the live stream; charts from the history, then extended live. */

const units: Record<string, string> = {};
/** The server's clock minus ours: ages and ranges use the server's time. */
let skew = 0;
const now = () => Date.now() + skew;
const latest = new Map<string, LiveValue>();

const tiles = new Tiles(byId('tiles'), byId('statuses'), () => units, now);
const alerts = new AlertsView(byId('alerts'), byId<HTMLButtonElement>('notify'));
let range = rangeFromHash(location.hash);
const charts = new Charts(byId('charts'), byId('history-message'), () => units, now, range);

/** Keeps the newer of what we hold and `values`; returns whether a topic was new. */
function remember(values: readonly LiveValue[]): void {
  for (const value of values) {
    const held = latest.get(value.topic);
    if (held === undefined || value.t >= held.t) latest.set(value.topic, value);
  }
}

function rangeButtons(): void {
  const nav = byId('ranges');
  const buttons = RANGES.map((choice) => {
    const element = button(choice.label, 'range', () => void choose(choice));
    element.setAttribute('aria-pressed', String(choice === range));
    return element;
  });
  nav.replaceChildren(...buttons);
  async function choose(choice: RangeChoice): Promise<void> {
    range = choice;
    history.replaceState(null, '', `#${choice.id}`);
    for (const [i, r] of RANGES.entries()) buttons[i]!.setAttribute('aria-pressed', String(r === choice));
    await charts.setRange(choice);
  }
}

/** An empty page says why it is empty, until the first value or status comes. */
let somethingShown = false;
function shown(any: boolean): void {
  somethingShown ||= any;
  byId('empty').hidden = somethingShown;
}

function setConnection(open: boolean): void {
  const indicator = byId('connection');
  indicator.textContent = open ? 'live' : 'reconnecting…';
  indicator.classList.toggle('lost', !open);
}

async function start(): Promise<void> {
  // Marks for bench/dashboard-page.mjs: where the time to the first chart goes.
  performance.mark('owm2mqtt:script');
  rangeButtons();
  connectLive({
    snapshot: (snapshot) => {
      skew = snapshot.now - Date.now();
      byId('logout').hidden = !snapshot.auth;
      remember(snapshot.values);
      tiles.setValues([...latest.values()]);
      tiles.setStatuses(snapshot.statuses);
      alerts.setAll(snapshot.alerts);
      charts.setForecasts(snapshot.forecasts);
      shown(latest.size > 0 || snapshot.statuses.length > 0 || snapshot.alerts.length > 0);
    },
    sample: (sample) => {
      shown(true);
      remember([sample]);
      tiles.update(sample);
      charts.sample(sample);
    },
    status: (status) => {
      shown(true);
      tiles.updateStatus(status);
    },
    alert: (alert) => {
      shown(true);
      alerts.update(alert);
    },
    alertRemoved: ({ topic }) => alerts.remove(topic),
    forecast: (forecast) => charts.forecast(forecast),
    forecastRemoved: ({ topic }) => charts.removeForecast(topic),
    connected: setConnection,
  });
  try {
    const list = await fetchSeries();
    performance.mark('owm2mqtt:series');
    skew = list.now - Date.now();
    Object.assign(units, list.units);
    remember(list.series);
    tiles.setValues([...latest.values()]);
    shown(latest.size > 0);
    if (list.historyError !== undefined) {
      const message = byId('history-message');
      message.textContent = `History: ${list.historyError}`;
      message.hidden = false;
    }
    await charts.show([...latest.values()]);
  } catch (error) {
    if (error instanceof LoggedOut) return;
    const message = byId('history-message');
    message.textContent = `Cannot load the series: ${messageOf(error)}`;
    message.hidden = false;
  }
}

setInterval(() => tiles.tick(), 1000);
setInterval(() => charts.tick(), 60_000);
onThemeChange(() => charts.redraw());
void start();
