import { classifyMessage } from './classify.js';
import type { LiveAlert, LiveEvent, LiveForecast, LiveSource, LiveStatus, LiveValue } from './live-source.js';

export interface LiveStateOptions {
  /** At most this many topics of each kind are kept; messages on further topics are ignored. */
  readonly maxTopics?: number;
  /** Called once, the first time a topic is ignored for the cap. */
  readonly onCap?: (topic: string, max: number) => void;
}

const DEFAULT_MAX_TOPICS = 2000;
/** Weight of the newest gap in the smoothed interval. */
const SMOOTHING = 0.3;

/**
 * The dashboard's memory of the broker: the latest value of each numeric topic, each status,
 * each alert and each place's forecast, in memory, with a bounded number of topics. The command calls `receive` for
 * every message; the web server reads it through `LiveSource`.
 */
export class LiveState implements LiveSource {
  private readonly latest = new Map<string, LiveValue>();
  private readonly statusByTopic = new Map<string, LiveStatus>();
  private readonly alertByTopic = new Map<string, LiveAlert>();
  private readonly forecastByTopic = new Map<string, LiveForecast>();
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private readonly maxTopics: number;
  private capWarned = false;

  constructor(private readonly options: LiveStateOptions = {}) {
    this.maxTopics = options.maxTopics ?? DEFAULT_MAX_TOPICS;
  }

  /** One message; returns what it was to the dashboard (a sample is what the history records), or undefined. */
  receive(topic: string, payload: string, arrivedAt: number): LiveEvent | undefined {
    const classified = classifyMessage(topic, payload, arrivedAt);
    let event: LiveEvent;
    switch (classified.kind) {
      case 'ignored':
        return undefined;
      case 'number': {
        const previous = this.latest.get(topic);
        if (previous === undefined && !this.room(this.latest, topic)) return undefined;
        const sample: LiveValue = { topic, value: classified.value, t: arrivedAt, ...interval(previous, arrivedAt) };
        this.latest.set(topic, sample);
        event = { kind: 'sample', sample };
        break;
      }
      case 'status': {
        if (!this.statusByTopic.has(topic) && !this.room(this.statusByTopic, topic)) return undefined;
        const status: LiveStatus = { topic, state: classified.state, t: arrivedAt };
        this.statusByTopic.set(topic, status);
        event = { kind: 'status', status };
        break;
      }
      case 'alert': {
        if (!this.alertByTopic.has(topic) && !this.room(this.alertByTopic, topic)) return undefined;
        const alert: LiveAlert = { topic, fields: classified.fields, active: classified.active, t: arrivedAt };
        this.alertByTopic.set(topic, alert);
        event = { kind: 'alert', alert };
        break;
      }
      case 'alert-removed':
        if (!this.alertByTopic.delete(topic)) return undefined;
        event = { kind: 'alert-removed', topic, t: arrivedAt };
        break;
      case 'forecast-line':
        if (!this.forecastByTopic.has(topic) && !this.room(this.forecastByTopic, topic)) return undefined;
        this.forecastByTopic.set(topic, classified.forecast);
        event = { kind: 'forecast-line', forecast: classified.forecast };
        break;
      case 'forecast-removed':
        if (!this.forecastByTopic.delete(topic)) return undefined;
        event = { kind: 'forecast-removed', topic, t: arrivedAt };
        break;
    }
    for (const listener of this.listeners) listener(event);
    return event;
  }

  values(): readonly LiveValue[] {
    return sorted(this.latest);
  }

  statuses(): readonly LiveStatus[] {
    return sorted(this.statusByTopic);
  }

  alerts(): readonly LiveAlert[] {
    return sorted(this.alertByTopic);
  }

  forecasts(): readonly LiveForecast[] {
    return sorted(this.forecastByTopic);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private room(map: Map<string, unknown>, topic: string): boolean {
    if (map.size < this.maxTopics) return true;
    if (!this.capWarned) {
      this.capWarned = true;
      this.options.onCap?.(topic, this.maxTopics);
    }
    return false;
  }
}

function interval(previous: LiveValue | undefined, arrivedAt: number): { interval?: number } {
  if (previous === undefined) return {};
  const gap = arrivedAt - previous.t;
  if (!(gap > 0)) return previous.interval === undefined ? {} : { interval: previous.interval };
  return { interval: previous.interval === undefined ? gap : previous.interval + SMOOTHING * (gap - previous.interval) };
}

function sorted<T>(map: Map<string, T>): T[] {
  return [...map.keys()].sort().map((topic) => map.get(topic)!);
}
