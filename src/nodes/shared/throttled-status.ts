/**
 * A node status that changes with every message, shown at most once per interval: the last one
 * wins, and it is shown at the end of the interval. Setting a status costs (Node-RED sends it to every
 * open editor), so a node receiving hundreds of events a second does not pay it for each.
 */
import type { NodeStatus } from './types';

export class ThrottledStatus {
  private last = 0;
  private pending: (() => NodeStatus) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly show: (s: NodeStatus) => void,
    private readonly intervalMs = 1000,
  ) {}

  /** A status, made only when it is shown (its words may cost more than the event). */
  set(make: () => NodeStatus): void {
    const now = Date.now();
    if (now - this.last >= this.intervalMs && !this.timer) {
      this.last = now;
      this.show(make());
      return;
    }
    this.pending = make;
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.intervalMs - (now - this.last)));
  }

  /** Shows a status now (an error, say), dropping one that waits. */
  now(s: NodeStatus): void {
    this.cancel();
    this.last = Date.now();
    this.show(s);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private flush(): void {
    this.timer = undefined;
    if (!this.pending) return;
    this.last = Date.now();
    this.show(this.pending());
    this.pending = undefined;
  }
}
