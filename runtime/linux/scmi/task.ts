import type { EventHandle, Scheduler } from '../../core/scheduler.js';

/**
 * Kernel code that sleeps (wait_for_completion_timeout, polling loops) written as generators over
 * virtual time: a task yields a `Wait` and is resumed with true when woken, false when the wait's
 * timeout passed. Wake-ups that happen while the wait is being armed resume at once; later ones go
 * through the scheduler, so every interleaving is reproducible.
 */
export interface Wait {
  readonly label: string;
  readonly timeoutNs: number;
  /** Called once; `wake` may be called then or later (at most once counts). */
  arm(wake: () => void): void;
}

export type Task<T> = Generator<Wait, T, boolean>;

export function spawn<T>(scheduler: Scheduler, task: Task<T>, done?: (value: T) => void): void {
  const step = (input: boolean): void => {
    let next = input;
    for (;;) {
      const r = task.next(next);
      if (r.done) {
        done?.(r.value);
        return;
      }
      const wait = r.value;
      let settled = false;
      let arming = true;
      let early = false;
      let timer: EventHandle | undefined;
      wait.arm(() => {
        if (settled) return;
        settled = true;
        if (timer) scheduler.cancel(timer);
        if (arming) early = true;
        else scheduler.after(0, `wake ${wait.label}`, () => step(true));
      });
      arming = false;
      if (early) {
        next = true;
        continue;
      }
      timer = scheduler.after(wait.timeoutNs, `timeout ${wait.label}`, () => {
        if (settled) return;
        settled = true;
        step(false);
      });
      return;
    }
  };
  step(true);
}

/** Sleeps `ns` of virtual time (a wait nobody wakes). */
export function sleep(ns: number, label = 'sleep'): Wait {
  return { label, timeoutNs: ns, arm: () => {} };
}

/** Runs a task to completion when it never waits (synchronous transports); undefined if it did wait. */
export function runSync<T>(task: Task<T>): { value: T } | undefined {
  const r = task.next(true);
  return r.done ? { value: r.value } : undefined;
}
