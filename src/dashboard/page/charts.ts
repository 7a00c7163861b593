/// <reference lib="dom" />
import type { LiveForecast, LiveValue } from '../server/wire.js';
import { fetchRange, LoggedOut } from './api.js';
import { QuantityChart } from './chart.js';
import { MIN_STALE_MS, UNKNOWN_INTERVAL_STALE_MS } from './format.js';
import type { RangeChoice } from './ranges.js';
import { groupBy, quantityOf } from './topics.js';

/** The charts, one per quantity, in a stable order; the history of the range shown, then live values. */
export class Charts {
  private readonly charts = new Map<string, QuantityChart>();
  private range: RangeChoice;

  constructor(
    private readonly container: HTMLElement,
    private readonly message: HTMLElement,
    private readonly units: () => Readonly<Record<string, string>>,
    private readonly now: () => number,
    range: RangeChoice,
  ) {
    this.range = range;
    new ResizeObserver(() => {
      for (const chart of this.charts.values()) chart.resize();
    }).observe(container);
  }

  /** A chart for every quantity among `values` (those not charted yet), then the history of each chart. */
  async show(values: readonly LiveValue[]): Promise<void> {
    for (const [quantity, group] of groupBy(values, quantityOf))
      this.chartFor(
        quantity,
        group.map((value) => value.topic),
      );
    await this.load([...this.charts.values()]);
  }

  /** Another range: each chart asks for its history again and keeps everything else. */
  async setRange(range: RangeChoice): Promise<void> {
    this.range = range;
    await this.load([...this.charts.values()]);
  }

  sample(value: LiveValue): void {
    const quantity = quantityOf(value.topic);
    const known = this.charts.get(quantity);
    const chart = known ?? this.chartFor(quantity, [value.topic]);
    // Silence three times longer than usual breaks the line (the same rule that greys a tile).
    const gapAfter = value.interval === undefined ? UNKNOWN_INTERVAL_STALE_MS : Math.max(3 * value.interval, MIN_STALE_MS);
    if (known === undefined) void this.load([chart]).then(() => chart.sample(value.topic, value.t, value.value, gapAfter));
    else chart.sample(value.topic, value.t, value.value, gapAfter);
  }

  /** A place's latest forecast, on the chart of the quantity it continues, its temperature's (made for it if there is none yet). */
  forecast(forecast: LiveForecast): void {
    const known = this.charts.get(forecast.quantity);
    const chart = known ?? this.chartFor(forecast.quantity, []);
    chart.setForecast(forecast);
    if (known === undefined) void this.load([chart]);
  }

  /** Every forecast of the snapshot; those it no longer has go. */
  setForecasts(forecasts: readonly LiveForecast[]): void {
    const kept = new Set(forecasts.map((forecast) => forecast.topic));
    for (const chart of this.charts.values()) for (const topic of chart.forecastTopics) if (!kept.has(topic)) chart.removeForecast(topic);
    for (const forecast of forecasts) this.forecast(forecast);
  }

  removeForecast(topic: string): void {
    for (const chart of this.charts.values()) chart.removeForecast(topic);
  }

  /** Every minute: the forecast lines drop the steps that passed. */
  tick(): void {
    for (const chart of this.charts.values()) chart.tick();
  }

  redraw(): void {
    for (const chart of this.charts.values()) chart.redraw();
  }

  private chartFor(quantity: string, topics: readonly string[]): QuantityChart {
    let chart = this.charts.get(quantity);
    if (chart === undefined) {
      chart = new QuantityChart(quantity, this.units()[quantity], [], this.now);
      this.charts.set(quantity, chart);
      const ordered = [...this.charts.keys()].sort();
      this.container.insertBefore(chart.element, this.charts.get(ordered[ordered.indexOf(quantity) + 1] ?? '')?.element ?? null);
    }
    for (const topic of topics) chart.addTopic(topic);
    return chart;
  }

  private async load(charts: readonly QuantityChart[]): Promise<void> {
    const to = this.now();
    const from = to - this.range.ms;
    const range = this.range;
    // Every width read at once, before any chart changes the page: one layout, not one per chart.
    const widths = charts.map((chart) => chart.width);
    const results = await Promise.allSettled(
      charts.map(async (chart, i) => {
        const response = await fetchRange(chart.shownTopics, from, to, widths[i]!);
        performance.mark('owm2mqtt:range');
        if (this.range === range) chart.setHistory(from, to, range.id, response.series, widths[i]!);
      }),
    );
    const failed = results.find(
      (result): result is PromiseRejectedResult => result.status === 'rejected' && !(result.reason instanceof LoggedOut),
    );
    this.message.textContent =
      failed === undefined ? '' : `History: ${failed.reason instanceof Error ? failed.reason.message : String(failed.reason)}`;
    this.message.hidden = failed === undefined;
  }
}
