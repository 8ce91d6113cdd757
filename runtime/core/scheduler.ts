/**
 * Deterministic scheduler in virtual time. Nothing in the runtime reads a clock: time only moves
 * when the scheduler runs the next event. Events at the same time run in the order they were
 * scheduled (a sequence number breaks ties), so every run of the same inputs is identical.
 */

/** Virtual time in nanoseconds. */
export type Time = number;

export interface EventHandle {
  readonly id: number;
  readonly at: Time;
  readonly label: string;
}

interface Pending extends EventHandle {
  action: () => void;
  cancelled: boolean;
}

export interface RunLimits {
  /** Stop before running any event later than this time. */
  until?: Time;
  /** Stop after this many events (guards against runaway scenarios). */
  maxEvents?: number;
}

export interface RunSummary {
  events: number;
  /** Why the run stopped. */
  stopped: 'idle' | 'until' | 'max-events';
  now: Time;
}

export class Scheduler {
  private time: Time = 0;
  private seq = 0;
  private heap: Pending[] = [];
  private ran = 0;

  get now(): Time {
    return this.time;
  }

  /** Total events run so far. */
  get eventCount(): number {
    return this.ran;
  }

  /** Runs `action` after `delay` ns of virtual time (0 = after everything already due now). */
  after(delay: Time, label: string, action: () => void): EventHandle {
    return this.at(this.time + Math.max(0, delay), label, action);
  }

  /** Runs `action` at absolute virtual time `at` (clamped to now). */
  at(at: Time, label: string, action: () => void): EventHandle {
    const event: Pending = { id: this.seq++, at: Math.max(at, this.time), label, action, cancelled: false };
    this.push(event);
    return event;
  }

  cancel(handle: EventHandle): void {
    (handle as Pending).cancelled = true;
  }

  /** True when events are waiting. */
  get busy(): boolean {
    return this.heap.some((e) => !e.cancelled);
  }

  /** Runs the next event; false when there is none. */
  step(limits: RunLimits = {}): boolean {
    for (;;) {
      const next = this.heap[0];
      if (!next) return false;
      if (limits.until !== undefined && next.at > limits.until) return false;
      this.pop();
      if (next.cancelled) continue;
      this.time = next.at;
      this.ran++;
      next.action();
      return true;
    }
  }

  /** Runs events until none are left or a limit is reached. */
  run(limits: RunLimits = {}): RunSummary {
    let events = 0;
    for (;;) {
      if (limits.maxEvents !== undefined && events >= limits.maxEvents) {
        return { events, stopped: 'max-events', now: this.time };
      }
      if (!this.step(limits)) {
        const stopped = this.busy ? 'until' : 'idle';
        if (stopped === 'until' && limits.until !== undefined) this.time = Math.max(this.time, limits.until);
        return { events, stopped, now: this.time };
      }
      events++;
    }
  }

  private less(a: Pending, b: Pending): boolean {
    return a.at < b.at || (a.at === b.at && a.id < b.id);
  }

  private push(e: Pending): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
