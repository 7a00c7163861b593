/// <reference lib="dom" />
import uPlot from 'uplot';
import type { SeriesPoint } from '../history-types.js';
import { topicColour } from './colour.js';
import { csvFileName, toCsv } from './csv.js';
import { button, el } from './dom.js';
import { formatValue } from './format.js';
import { SeriesStore } from './series-store.js';
import { axisColours, isDark } from './theme.js';

const HEIGHT = 220;
/** Each topic is three uPlot series: its mean (the line), then its min and max (the band around it). */
const PER_TOPIC = 3;

let firstChartMarked = false;

/**
 * One chart per quantity (`temperature`, `humidity`…) with every topic that has it. Created
 * once; history and live values reach it through setData, never by building it again.
 */
export class QuantityChart {
  readonly element: HTMLElement;
  private readonly topics: string[] = [];
  private readonly hidden = new Set<string>();
  private readonly legend: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly plotArea: HTMLElement;
  private readonly plot: uPlot;
  private readonly store = new SeriesStore(60_000);
  private window = { from: 0, to: 1, rangeId: '' };
  private pending = false;

  constructor(
    readonly quantity: string,
    unit: string | undefined,
    topics: readonly string[],
    private readonly now: () => number,
  ) {
    this.element = el('section', 'chart');
    this.element.dataset.quantity = quantity;
    const header = el('header');
    header.append(
      el('h3', undefined, unit === undefined ? quantity : `${quantity} (${unit})`),
      button('CSV', 'csv', () => this.downloadCsv()),
    );
    this.legend = el('ul', 'legend');
    this.plotArea = el('div', 'plot');
    this.readout = el('p', 'readout');
    this.element.append(header, this.legend, this.plotArea, this.readout);
    this.plot = new uPlot(this.options(), [[]], this.plotArea);
    for (const topic of topics) this.addTopic(topic);
  }

  /** The pixel width the chart has: the number of points worth asking the server for. */
  get width(): number {
    return Math.max(100, Math.floor(this.plotArea.clientWidth));
  }

  has(topic: string): boolean {
    return this.topics.includes(topic);
  }

  get shownTopics(): readonly string[] {
    return this.topics;
  }

  addTopic(topic: string): void {
    if (this.has(topic)) return;
    this.topics.push(topic);
    const base = 1 + (this.topics.length - 1) * PER_TOPIC;
    const colour = () => topicColour(topic, isDark());
    this.plot.addSeries({ label: topic, stroke: colour, width: 1.5, spanGaps: false, points: { show: false } }, base);
    this.plot.addSeries({ label: `${topic} min`, stroke: 'transparent', width: 1, spanGaps: false, points: { show: false } }, base + 1);
    this.plot.addSeries({ label: `${topic} max`, stroke: 'transparent', width: 1, spanGaps: false, points: { show: false } }, base + 2);
    this.plot.addBand({ series: [base + 2, base + 1], fill: () => topicColour(topic, isDark(), 0.18) });
    this.legend.append(this.legendItem(topic));
  }

  /** A new range: the history the server sent for it replaces what the chart held. */
  setHistory(from: number, to: number, rangeId: string, series: Readonly<Record<string, readonly SeriesPoint[]>>): void {
    this.window = { from, to, rangeId };
    this.store.setBucketMs((to - from) / this.width);
    for (const topic of this.topics) this.store.replace(topic, series[topic] ?? []);
    this.draw();
  }

  /** A live value: appended (or merged into the last bucket), drawn at the next frame. */
  sample(topic: string, t: number, value: number, gapAfterMs: number): void {
    this.addTopic(topic);
    if (!this.store.append(topic, t, value, gapAfterMs)) return;
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  resize(): void {
    const width = this.width;
    if (width !== this.plot.width) this.plot.setSize({ width, height: HEIGHT });
  }

  redraw(): void {
    this.plot.redraw(true, true);
  }

  /** The range slides with the clock: what fell out of it goes. */
  private draw(): void {
    const span = this.window.to - this.window.from;
    const to = Math.max(this.window.to, this.now());
    const from = to - span;
    this.window = { ...this.window, from, to };
    this.store.dropBefore(from);
    const columns = this.store.columns(this.topics);
    this.plot.setData(columns as uPlot.AlignedData);
    this.plot.setScale('x', { min: from, max: to });
    this.element.dataset.points = String(columns[0].length);
  }

  private legendItem(topic: string): HTMLElement {
    const item = el('li');
    const toggle = button('', 'series', () => {
      const show = this.hidden.has(topic);
      if (show) this.hidden.delete(topic);
      else this.hidden.add(topic);
      toggle.setAttribute('aria-pressed', String(show));
      const base = 1 + this.topics.indexOf(topic) * PER_TOPIC;
      for (let i = 0; i < PER_TOPIC; i++) this.plot.setSeries(base + i, { show });
    });
    toggle.setAttribute('aria-pressed', 'true');
    const swatch = el('span', 'swatch');
    swatch.style.background = topicColour(topic, isDark());
    toggle.append(swatch, el('span', 'label', topic));
    item.append(toggle);
    return item;
  }

  private downloadCsv(): void {
    const csv = toCsv(this.store.entries(this.topics));
    const link = el('a');
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    link.download = csvFileName(this.quantity, this.window.rangeId, this.now());
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }

  private showReadout(u: uPlot): void {
    const index = u.cursor.idx;
    if (index === null || index === undefined) {
      this.readout.textContent = '';
      return;
    }
    const t = u.data[0][index];
    const parts: string[] = [];
    this.topics.forEach((topic, i) => {
      const value = u.data[1 + i * PER_TOPIC]?.[index];
      if (!this.hidden.has(topic) && value !== null && value !== undefined) parts.push(`${topic} ${formatValue(value)}`);
    });
    this.readout.textContent = t === undefined ? '' : `${new Date(t).toLocaleString()}: ${parts.join(' · ')}`;
  }

  private options(): uPlot.Options {
    const stroke = () => axisColours().text;
    const grid = { stroke: () => axisColours().grid, width: 1 };
    return {
      width: this.width,
      height: HEIGHT,
      ms: 1,
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [
        { stroke, grid, ticks: grid },
        { stroke, grid, ticks: grid, size: 56, values: (_u, splits) => splits.map((v) => formatValue(v)) },
      ],
      series: [{}],
      hooks: {
        setCursor: [(u) => this.showReadout(u)],
        draw: [
          (u) => {
            if (!firstChartMarked && u.data[0].length > 0) {
              firstChartMarked = true;
              performance.mark('owm2mqtt:first-chart');
            }
          },
        ],
      },
    };
  }
}
