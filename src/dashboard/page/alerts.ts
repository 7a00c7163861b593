/// <reference lib="dom" />
import type { LiveAlert } from '../server/wire.js';
import { el } from './dom.js';
import { alertName } from './topics.js';

/** `state`, `value`, `threshold` and `since` first, then whatever else the aggregator sent. */
const FIRST_FIELDS = ['state', 'value', 'threshold', 'since'];

export function alertLines(alert: LiveAlert): string[] {
  const names = Object.keys(alert.fields);
  const ordered = [...FIRST_FIELDS.filter((name) => names.includes(name)), ...names.filter((name) => !FIRST_FIELDS.includes(name))];
  return ordered.map((name) => `${name}: ${alert.fields[name]}`);
}

/**
 * Active alerts, on top of the page; a browser notification for each newly active one, once
 * the user has allowed it with the button (never asked on load).
 */
export class AlertsView {
  private readonly alerts = new Map<string, LiveAlert>();

  constructor(
    private readonly list: HTMLElement,
    notifyButton: HTMLButtonElement,
  ) {
    const supported = typeof Notification !== 'undefined';
    notifyButton.hidden = !supported || Notification.permission !== 'default';
    notifyButton.addEventListener('click', () => {
      void Notification.requestPermission().then(() => {
        notifyButton.hidden = Notification.permission !== 'default';
      });
    });
  }

  setAll(alerts: readonly LiveAlert[]): void {
    this.alerts.clear();
    for (const alert of alerts) this.alerts.set(alert.topic, alert);
    this.render();
  }

  /** A change from the live stream: notifies when the alert just became active. */
  update(alert: LiveAlert): void {
    const wasActive = this.alerts.get(alert.topic)?.active === true;
    this.alerts.set(alert.topic, alert);
    this.render();
    if (alert.active && !wasActive) notify(alert);
  }

  remove(topic: string): void {
    this.alerts.delete(topic);
    this.render();
  }

  private render(): void {
    const active = [...this.alerts.values()].filter((alert) => alert.active).sort((a, b) => (a.topic < b.topic ? -1 : 1));
    this.list.replaceChildren(
      ...active.map((alert) => {
        const item = el('li', 'alert');
        item.append(el('strong', undefined, alertName(alert.topic)), el('span', 'fields', alertLines(alert).join(' · ')));
        return item;
      }),
    );
    this.list.hidden = active.length === 0;
  }
}

function notify(alert: LiveAlert): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  // Text only: a notification's title and body are never markup.
  new Notification(`Alert: ${alertName(alert.topic)}`, { body: alertLines(alert).join('\n'), tag: alert.topic });
}
