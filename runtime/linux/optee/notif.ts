/**
 * Linux `drivers/tee/optee/notif.c`: notification keys a secure thread waits on (RPC NOTIFICATION
 * WAIT) or that arrive from the interrupt top half / RPC SEND. A send with nobody waiting latches
 * the key, so a later wait returns at once; one waiter per key (-EBUSY otherwise); keys above
 * `max_key` are -EINVAL. Timeouts are virtual time.
 */
import type { EventHandle, Scheduler } from '../../core/scheduler.js';
import type { Trace } from '../../core/trace.js';
import { ERRNO } from '../driver-core.js';

interface Waiter {
  done: (rc: number) => void;
  timer?: EventHandle;
}

export class OpteeNotif {
  private readonly waiters = new Map<number, Waiter>();
  private readonly latched = new Set<number>();

  constructor(
    readonly maxKey: number,
    private readonly scheduler: Scheduler,
    private readonly trace: Trace,
    private readonly src: string,
  ) {}

  /**
   * `optee_notif_wait`: 0 or a negative errno now, or `'waiting'` and `done(rc)` later
   * (0 when sent, -ETIMEDOUT after `timeoutMs` if non-zero).
   */
  wait(key: number, timeoutMs: number, done: (rc: number) => void): number | 'waiting' {
    if (key > this.maxKey) return -ERRNO.EINVAL;
    if (this.waiters.has(key)) return -ERRNO.EBUSY;
    if (this.latched.delete(key)) return 0;
    const w: Waiter = { done };
    if (timeoutMs > 0)
      w.timer = this.scheduler.after(timeoutMs * 1_000_000, `optee notif wait ${key} timeout`, () => {
        if (this.waiters.get(key) !== w) return;
        this.waiters.delete(key);
        this.trace.emit('optee', this.src, 'notif wait timed out', { key, timeoutMs });
        done(-ERRNO.ETIMEDOUT);
      });
    this.waiters.set(key, w);
    this.trace.emit('optee', this.src, 'notif wait', { key });
    return 'waiting';
  }

  /** `optee_notif_send`: completes the waiter, or latches the key. */
  send(key: number): number {
    if (key > this.maxKey) return -ERRNO.EINVAL;
    const w = this.waiters.get(key);
    if (!w) {
      this.latched.add(key);
      this.trace.emit('optee', this.src, 'notif latched', { key });
      return 0;
    }
    this.waiters.delete(key);
    if (w.timer) this.scheduler.cancel(w.timer);
    this.trace.emit('optee', this.src, 'notif wake', { key });
    w.done(0);
    return 0;
  }

  isLatched(key: number): boolean {
    return this.latched.has(key);
  }

  get waiting(): number[] {
    return [...this.waiters.keys()];
  }
}
