/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { LiveStatus, LiveValue } from '../server/wire.js';
import { el } from './dom.js';
import { formatAge, isStale, withUnit } from './format.js';
import { groupBy, placeOf, quantityOf, statusOwner } from './topics.js';

interface Row {
  value: LiveValue;
  readonly element: HTMLElement;
  readonly reading: HTMLElement;
  readonly age: HTMLElement;
}

/**
 * One tile per place (`maison/salon`, `exterieur/lisbon`, `stats/maison`): each quantity's
 * latest value with its unit and age, greyed when stale; and the statuses (bridge, aggregator,
 * rooms) as a row of chips.
 */
export class Tiles {
  private readonly rows = new Map<string, Row>();
  private statuses = new Map<string, LiveStatus>();

  constructor(
    private readonly tiles: HTMLElement,
    private readonly statusBar: HTMLElement,
    private readonly units: () => Readonly<Record<string, string>>,
    private readonly now: () => number,
  ) {}

  /** Everything again (the first load, each snapshot). */
  setValues(values: readonly LiveValue[]): void {
    this.rows.clear();
    const tiles = groupBy(values, placeOf).map(([place, group]) => {
      const tile = el('section', 'tile');
      tile.dataset.place = place;
      const heading = el('h3', undefined, place || '(top level)');
      const list = el('dl');
      for (const value of group) list.append(this.row(value));
      tile.append(heading, list);
      return tile;
    });
    this.tiles.replaceChildren(...tiles);
    this.markOffline();
    this.tick();
  }

  /** One new value: its row changes; a topic not seen yet redraws the tiles. */
  update(value: LiveValue): void {
    const row = this.rows.get(value.topic);
    if (row === undefined) {
      this.setValues([...[...this.rows.values()].map((r) => r.value), value]);
      return;
    }
    row.value = value;
    row.reading.textContent = withUnit(value.value, this.units()[quantityOf(value.topic)]);
    this.tickRow(row, this.now());
  }

  setStatuses(statuses: readonly LiveStatus[]): void {
    this.statuses = new Map(statuses.map((status) => [status.topic, status]));
    const chips = [...this.statuses.values()].map((status) => {
      const chip = el('li', `chip ${status.state === 'online' ? 'online' : status.state === 'offline' ? 'offline' : 'other'}`);
      chip.append(el('span', 'name', statusOwner(status.topic)), el('span', 'state', status.state));
      chip.title = `${status.topic}: ${status.state} (${formatAge(this.now() - status.t)})`;
      return chip;
    });
    this.statusBar.replaceChildren(...chips);
    this.statusBar.hidden = chips.length === 0;
    this.markOffline();
  }

  updateStatus(status: LiveStatus): void {
    this.setStatuses([...[...this.statuses.values()].filter((s) => s.topic !== status.topic), status]);
  }

  /** Ages move on; stale rows grey out. */
  tick(): void {
    const now = this.now();
    for (const row of this.rows.values()) this.tickRow(row, now);
    for (const tile of this.tiles.querySelectorAll<HTMLElement>('.tile')) {
      const rows = tile.querySelectorAll('.reading-row');
      tile.classList.toggle('stale', rows.length > 0 && tile.querySelectorAll('.reading-row.stale').length === rows.length);
    }
  }

  private row(value: LiveValue): HTMLElement {
    const element = el('div', 'reading-row');
    const name = el('dt', undefined, quantityOf(value.topic));
    name.title = value.topic;
    const reading = el('dd', 'reading', withUnit(value.value, this.units()[quantityOf(value.topic)]));
    const age = el('dd', 'age');
    element.append(name, reading, age);
    this.rows.set(value.topic, { value, element, reading, age });
    return element;
  }

  private tickRow(row: Row, now: number): void {
    const age = Math.max(0, now - row.value.t);
    row.age.textContent = formatAge(age);
    row.element.classList.toggle('stale', isStale(age, row.value.interval));
  }

  /** A place whose own `…/status` says offline is marked so. */
  private markOffline(): void {
    for (const tile of this.tiles.querySelectorAll<HTMLElement>('.tile')) {
      const status = this.statuses.get(`${tile.dataset.place}/status`);
      tile.classList.toggle('offline', status?.state === 'offline');
    }
  }
}
