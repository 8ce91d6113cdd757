/**
 * The trace: every SMC, interrupt, message and state change, stamped with virtual time. Events
 * are plain data with a fixed key order so the JSON-lines output is byte-identical across runs.
 */
import type { Time } from './scheduler.js';

export type TraceKind =
  | 'smc' // a call through a conduit (smc/hvc) and its result
  | 'irq' // interrupt line / GIC state changes, acknowledge, EOI
  | 'mbox' // mailbox doorbells and channel state
  | 'shmem' // shared-memory channel writes and reads
  | 'scmi' // SCMI messages and responses
  | 'optee' // OP-TEE secure-world events (notifications, threads, sessions)
  | 'probe' // normal-world driver probe steps, deferrals, failures
  | 'device' // consumers using what the tree wires to them
  | 'scenario' // scenario actions and expectations
  | 'diag'; // a runtime diagnostic (what a real board would have done)

export interface TraceEvent {
  t: Time;
  kind: TraceKind;
  /** Component that emitted it: a DT node path or a model name (`/firmware/optee`, `el3`, `gic`). */
  src: string;
  /** Short, human-readable description. */
  msg: string;
  /** Structured details; numbers that exceed 2^53 are hex strings. */
  data?: Record<string, string | number | boolean | null | readonly (string | number)[]>;
}

export interface TraceOptions {
  /** Maximum events kept in memory; older ones are dropped and counted (a soak must stay flat). */
  limit?: number;
  /** Streaming sink for every event (e.g. a JSON-lines file writer). */
  sink?: (line: string) => void;
}

export class Trace {
  /** Events kept in memory, in a ring so that a long soak costs O(1) per event. */
  private ring: TraceEvent[] = [];
  private head = 0;
  dropped = 0;
  private readonly limit: number;

  constructor(
    private readonly clock: () => Time,
    private readonly options: TraceOptions = {},
  ) {
    this.limit = options.limit ?? 1_000_000;
  }

  /**
   * False when nothing would be kept or written: hot paths check it before building event data
   * (benchmarks and soaks run with `limit: 0` and no sink).
   */
  get enabled(): boolean {
    return this.limit > 0 || this.options.sink !== undefined;
  }

  emit(kind: TraceKind, src: string, msg: string, data?: TraceEvent['data']): void {
    if (!this.enabled) return;
    const event: TraceEvent = { t: this.clock(), kind, src, msg, ...(data ? { data } : {}) };
    if (this.options.sink) this.options.sink(traceLine(event));
    if (this.limit === 0) return;
    if (this.ring.length < this.limit) {
      this.ring.push(event);
      return;
    }
    this.ring[this.head] = event;
    this.head = (this.head + 1) % this.limit;
    this.dropped++;
  }

  /** The kept events, oldest first. */
  get events(): readonly TraceEvent[] {
    return this.head === 0 ? this.ring : [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
  }

  /** Events of one kind (tests assert on these). */
  ofKind(kind: TraceKind): TraceEvent[] {
    return this.events.filter((e) => e.kind === kind);
  }

  toJsonLines(): string {
    return this.events.map(traceLine).join('');
  }
}

export function traceLine(e: TraceEvent): string {
  return `${JSON.stringify({ t: e.t, kind: e.kind, src: e.src, msg: e.msg, ...(e.data ? { data: e.data } : {}) })}\n`;
}

const HEX_SMALL = Array.from({ length: 256 }, (_, i) => `0x${i.toString(16)}`);

/** Formats a 64-bit register value for trace data (small values, the common case, from a table). */
export function hex(value: bigint | number): string {
  if (typeof value === 'number') {
    if (value >= 0 && value < 256 && Number.isInteger(value)) return HEX_SMALL[value]!;
  } else if (value >= 0n && value < 256n) return HEX_SMALL[Number(value)]!;
  return `0x${value.toString(16)}`;
}
