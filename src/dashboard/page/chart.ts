/// <reference lib="dom" />
import uPlot from 'uplot';
import type { SeriesPoint } from '../history-types.js';
import type { ForecastPoint, LiveForecast } from '../server/wire.js';
import { topicColour } from './colour.js';
import { csvFileName, toCsv } from './csv.js';
import { button, el } from './dom.js';
import { forecastAheadMs, forecastColourTopic, forecastLabel, stepsShown, withForecasts } from './forecast-overlay.js';
import { formatValue } from './format.js';
import { SeriesStore } from './series-store.js';
import { axisColours, isDark } from './theme.js';

const HEIGHT = 220;
/** Each topic is three uPlot series: its mean (the line), then its min and max (the band around it). */
const PER_TOPIC = 3;

let firstChartMarked = false;

/**
 * One chart per quantity (`temperature`, `humidity`…) with every topic that has it. Its uPlot
 * is made once, with the first data (its series and bands all at once: cheaper than adding them
 * one by one); history and live values then reach it through setData, never by building it again.
 */
export class QuantityChart {
  readonly element: HTMLElement;
  private readonly topics: string[] = [];
  private readonly hidden = new Set<string>();
  /** The forecasts drawn after the history (the temperature chart's only), by their topic; their series come after every topic's. */
  private readonly forecasts = new Map<string, LiveForecast>();
  /** The steps each forecast drew last, in `forecasts` order (for the readout). */
  private forecastShown: ForecastPoint[][] = [];
  private readonly legend: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly plotArea: HTMLElement;
  private plot: uPlot | undefined;
  private readonly store = new SeriesStore(60_000);
  /** `until`: where the x axis ends, past `to` when a forecast is drawn. */
  private window = { from: 0, to: 1, rangeId: '', until: 1 };
  private pending = false;
  private knownWidth = 0;

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
    for (const topic of topics) this.addTopic(topic);
  }

  /** The pixel width the chart has: the number of points worth asking the server for. */
  get width(): number {
    return Math.max(100, Math.floor(this.plotArea.clientWidth));
  }

  has(topic: string): boolean {
    return this.topics.includes(topic);
  }

  /** The forecasts drawn (not those cleared). */
  get forecastTopics(): readonly string[] {
    return [...this.forecasts.keys()].filter((topic) => this.forecastLegendItemOf(topic) !== null);
  }

  get shownTopics(): readonly string[] {
    return this.topics;
  }

  addTopic(topic: string): void {
    if (this.has(topic)) return;
    this.topics.push(topic);
    this.legend.append(this.legendItem(topic));
    if (this.plot === undefined) return;
    const base = 1 + (this.topics.length - 1) * PER_TOPIC;
    for (const [i, series] of seriesOf(topic).entries()) this.plot.addSeries(series, base + i);
    this.plot.addBand(bandOf(topic, base));
  }

  /**
   * A new range: the history the server sent for it replaces what the chart held. `width` is the
   * one the points were asked for (read once for every chart: reading it again between DOM
   * changes would make the browser lay the page out again each time).
   */
  setHistory(from: number, to: number, rangeId: string, series: Readonly<Record<string, readonly SeriesPoint[]>>, width: number): void {
    this.window = { from, to, rangeId, until: to };
    this.knownWidth = width;
    this.store.setBucketMs((to - from) / width);
    for (const topic of this.topics) this.store.replace(topic, series[topic] ?? []);
    this.draw();
  }

  /** The latest forecast of a place: drawn dashed after the history, replacing the one it had. */
  setForecast(forecast: LiveForecast): void {
    const known = this.forecasts.has(forecast.topic);
    this.forecasts.set(forecast.topic, forecast);
    if (!known) this.plot?.addSeries(forecastSeries(forecast), this.forecastIndex(forecast.topic));
    if (this.forecastLegendItemOf(forecast.topic) === null) this.legend.append(this.forecastLegendItem(forecast));
    // Before its history the chart has no range yet: setHistory draws it.
    if (this.window.rangeId !== '') this.drawSoon();
  }

  /** The clock moved: a step that is no longer ahead leaves the line, even with no live value to redraw it. */
  tick(): void {
    if ([...this.forecasts.values()].some((forecast) => forecast.steps.length > 0) && this.window.rangeId !== '') this.drawSoon();
  }

  /** A cleared forecast: its line and legend go. Its series stays, empty (uPlot's delSeries fails with its legend off). */
  removeForecast(topic: string): void {
    const forecast = this.forecasts.get(topic);
    if (forecast === undefined) return;
    this.forecasts.set(topic, { ...forecast, steps: [] });
    this.forecastLegendItemOf(topic)?.remove();
    this.drawSoon();
  }

  /** A live value: appended (or merged into the last bucket), drawn at the next frame. */
  sample(topic: string, t: number, value: number, gapAfterMs: number): void {
    this.addTopic(topic);
    if (!this.store.append(topic, t, value, gapAfterMs)) return;
    this.drawSoon();
  }

  /** At the next frame, once however many changes come before it. */
  private drawSoon(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  resize(): void {
    if (this.plot === undefined) return;
    const width = (this.knownWidth = this.width);
    if (width !== this.plot.width) this.plot.setSize({ width, height: HEIGHT });
  }

  redraw(): void {
    this.plot?.redraw(true, true);
  }

  /** The range slides with the clock: what fell out of it goes. */
  private draw(): void {
    const span = this.window.to - this.window.from;
    const now = this.now();
    const to = Math.max(this.window.to, now);
    const from = to - span;
    this.store.dropBefore(from);
    this.forecastShown = [...this.forecasts.values()].map((forecast) => stepsShown(forecast.steps, now, now + forecastAheadMs(span)));
    const until = Math.max(to, ...this.forecastShown.flatMap((steps) => steps.map((step) => step.t)));
    this.window = { ...this.window, from, to, until };
    const columns = withForecasts(this.store.columns(this.topics), this.forecastShown) as uPlot.AlignedData;
    // The x scale's range is the window (see options()), so setData moves it too.
    if (this.plot === undefined) this.plot = new uPlot(this.options(), columns, this.plotArea);
    else this.plot.setData(columns);
    this.element.dataset.points = String(columns[0].length);
    this.element.dataset.forecastPoints = String(this.forecastShown.reduce((sum, steps) => sum + steps.length, 0));
  }

  private legendItem(topic: string): HTMLElement {
    const item = el('li');
    const toggle = button('', 'series', () => {
      const show = this.hidden.has(topic);
      if (show) this.hidden.delete(topic);
      else this.hidden.add(topic);
      toggle.setAttribute('aria-pressed', String(show));
      const base = 1 + this.topics.indexOf(topic) * PER_TOPIC;
      for (let i = 0; i < PER_TOPIC; i++) this.plot?.setSeries(base + i, { show });
    });
    toggle.setAttribute('aria-pressed', 'true');
    const swatch = el('span', 'swatch');
    swatch.style.background = topicColour(topic, isDark());
    toggle.append(swatch, el('span', 'label', topic));
    item.append(toggle);
    return item;
  }

  /** The uPlot series index of a forecast: after every topic's three. */
  private forecastIndex(topic: string): number {
    return 1 + this.topics.length * PER_TOPIC + [...this.forecasts.keys()].indexOf(topic);
  }

  private forecastLegendItemOf(topic: string): Element | null {
    return this.legend.querySelector(`[data-forecast="${CSS.escape(topic)}"]`);
  }

  private forecastLegendItem(forecast: LiveForecast): HTMLElement {
    const { topic } = forecast;
    const item = el('li');
    item.dataset.forecast = topic;
    const toggle = button('', 'series', () => {
      const show = this.hidden.has(topic);
      if (show) this.hidden.delete(topic);
      else this.hidden.add(topic);
      toggle.setAttribute('aria-pressed', String(show));
      this.plot?.setSeries(this.forecastIndex(topic), { show });
    });
    toggle.setAttribute('aria-pressed', 'true');
    const swatch = el('span', 'swatch forecast');
    swatch.style.borderColor = topicColour(forecastColourTopic(forecast), isDark());
    toggle.append(swatch, el('span', 'label', forecastLabel(forecast)));
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
    [...this.forecasts.values()].forEach((forecast, i) => {
      const value = u.data[1 + this.topics.length * PER_TOPIC + i]?.[index];
      if (!this.hidden.has(forecast.topic) && value !== null && value !== undefined)
        parts.push(`${forecastLabel(forecast)} ${formatValue(value)}`);
    });
    this.readout.textContent = t === undefined ? '' : `${new Date(t).toLocaleString()}: ${parts.join(' · ')}`;
  }

  private options(): uPlot.Options {
    const stroke = () => axisColours().text;
    const grid = { stroke: () => axisColours().grid, width: 1 };
    return {
      width: this.knownWidth || this.width,
      height: HEIGHT,
      ms: 1,
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      scales: { x: { time: true, range: () => [this.window.from, this.window.until] } },
      axes: [
        { stroke, grid, ticks: grid },
        { stroke, grid, ticks: grid, size: 56, values: (_u, splits) => splits.map((v) => formatValue(v)) },
      ],
      series: [{}, ...this.topics.flatMap(seriesOf), ...[...this.forecasts.values()].map(forecastSeries)],
      bands: this.topics.map((topic, i) => bandOf(topic, 1 + i * PER_TOPIC)),
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

/** A topic's three series: its mean (the line), its min and its max (the band's edges, not drawn themselves). */
function seriesOf(topic: string): uPlot.Series[] {
  const edge = { stroke: 'transparent', width: 1, spanGaps: false, points: { show: false } };
  return [
    { label: topic, stroke: () => topicColour(topic, isDark()), width: 1.5, spanGaps: false, points: { show: false } },
    { label: `${topic} min`, ...edge },
    { label: `${topic} max`, ...edge },
  ];
}

/** A forecast: dashed, in the colour of its place's temperature; undefined between its steps is spanned, as there is nothing to break. */
function forecastSeries(forecast: LiveForecast): uPlot.Series {
  return {
    label: forecastLabel(forecast),
    stroke: () => topicColour(forecastColourTopic(forecast), isDark()),
    width: 1.5,
    dash: [6, 4],
    spanGaps: true,
    // uPlot marks the steps while they are far enough apart to tell.
    points: { size: 4 },
  };
}

function bandOf(topic: string, base: number): uPlot.Band {
  return { series: [base + 2, base + 1], fill: () => topicColour(topic, isDark(), 0.18) };
}
