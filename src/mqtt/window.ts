/**
 * A counting semaphore: at most `size` tasks run at once, the rest wait in order.
 *
 * Mosquitto 2.0 acknowledges every QoS 2 PUBLISH of a 3.1.1 client but drops
 * (never delivers) those beyond `max_inflight_messages` (20 by default) still
 * in flight; measured: 30 pipelined QoS 2 publishes, 30 PUBCOMPs, 20 delivered.
 * So QoS 2 publishes go through a window smaller than that.
 */
export class Window {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  get inFlight(): number {
    return this.running;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next waiter, so no newcomer can slip in between.
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

export const QOS2_WINDOW = 16;
