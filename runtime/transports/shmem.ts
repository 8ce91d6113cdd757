import type { NodeView } from '../../schemas/view/view.js';
import { copyBytes, isFault, type PhysicalMemory } from '../core/memory.js';
import { hex, type Trace } from '../core/trace.js';
import { headerToken } from '../scmi/header.js';
import { putU32, u32At } from '../scmi/payload.js';
import { SMT, SMT_FLAGS, SMT_STATUS } from '../scmi/smt.js';
import type { Xfer } from './transport.js';

/** An `arm,scmi-shmem` area a channel uses, resolved from the `shmem` phandle at `index`. */
export interface ShmemArea {
  node: string;
  base: bigint;
  size: number;
}

export function resolveShmem(node: NodeView, index: number): ShmemArea | { error: string } {
  const entries = node.phandleArray('shmem', null).value;
  const entry = entries[index];
  if (!entry?.provider) return { error: `no shmem entry ${index}` };
  const area = node.view.node(entry.provider);
  if (!area.compatible.includes('arm,scmi-shmem'))
    return { error: `${area.path} is not compatible with "arm,scmi-shmem"` };
  const reg = area.reg[0];
  const base = reg?.cpuAddress;
  if (!reg || base === undefined || reg.size === undefined)
    return { error: `${area.path} has no CPU-visible reg` };
  return { node: area.path, base, size: Number(reg.size) };
}

/**
 * The agent's view of one SMT area (Linux `shmem.c`): prepare a request (status 0 clears FREE and
 * ERROR, flags ask for a completion interrupt unless polling), read the response back, tell
 * whether the platform is done with a given token. Memory faults become `diag` events and read as
 * a channel that never completes.
 */
export class SmtAgentArea {
  /** Field addresses, made once: bigint arithmetic per message cost more than the accesses. */
  private readonly statusPa: bigint;
  private readonly lengthPa: bigint;
  private readonly headerPa: bigint;

  constructor(
    readonly area: ShmemArea,
    private readonly mem: PhysicalMemory,
    private readonly trace: Trace,
    private readonly src: string,
  ) {
    this.statusPa = area.base + BigInt(SMT.STATUS);
    this.lengthPa = area.base + BigInt(SMT.LENGTH);
    this.headerPa = area.base + BigInt(SMT.HEADER);
  }

  private diag(what: string, reason: string): void {
    this.trace.emit(
      'diag',
      this.src,
      `shmem ${this.area.node} at ${hex(this.area.base)}: ${what} faults (${reason})`,
      {
        shmem: this.area.node,
        address: hex(this.area.base),
      },
    );
  }

  /** `shmem_tx_prepare`; false when the area cannot be written at all. */
  txPrepare(xfer: Xfer, polling: boolean): boolean {
    const status = this.mem.readU32(this.statusPa);
    if (isFault(status)) {
      this.diag('status read', status.reason);
      return false;
    }
    if (!(status & SMT_STATUS.FREE)) {
      // Linux waits 2 × rx timeout for FREE, complains, leaves the area alone and still rings the
      // doorbell; we do not spin.
      this.trace.emit('diag', this.src, `shmem ${this.area.node}: timeout waiting for a free TX channel`, {
        shmem: this.area.node,
      });
      return true;
    }
    if (SMT.PAYLOAD + xfer.tx.length > this.area.size) {
      this.diag('request', 'message larger than the area');
      return false;
    }
    // Status through payload written in place, in one located range (no image built first).
    const span = this.mem.span(this.statusPa, SMT.HEADER_SIZE - SMT.STATUS + xfer.tx.length);
    if (isFault(span)) {
      this.diag('request write', span.reason);
      return false;
    }
    const b = span.bytes;
    const at = span.offset - SMT.STATUS;
    putU32(b, at + SMT.STATUS, 0);
    b.fill(0, at + SMT.STATUS + 4, at + SMT.FLAGS); // the reserved words
    putU32(b, at + SMT.FLAGS, polling ? 0 : SMT_FLAGS.INTR_ENABLED);
    putU32(b, at + SMT.LENGTH, 4 + xfer.tx.length);
    putU32(b, at + SMT.HEADER, xfer.header);
    copyBytes(xfer.tx, 0, b, at + SMT.PAYLOAD, xfer.tx.length);
    return true;
  }

  readHeader(): number {
    const v = this.mem.readU32(this.headerPa);
    return isFault(v) ? 0 : v;
  }

  channelFree(): boolean {
    const v = this.mem.readU32(this.statusPa);
    return !isFault(v) && (v & SMT_STATUS.FREE) !== 0;
  }

  /** `shmem_fetch_response`: status from payload[0], at most `length - 8` bytes of data. */
  fetchResponse(xfer: Xfer): void {
    // One located range from `length` to the end of the area, read in place; only the data is copied.
    const tailLength = Math.max(12, this.area.size - SMT.LENGTH);
    const tail = this.mem.span(this.lengthPa, tailLength);
    if (isFault(tail)) {
      xfer.status = -7;
      xfer.rx = new Uint8Array(0);
      return;
    }
    const b = tail.bytes;
    const o = tail.offset;
    const length = u32At(b, o);
    xfer.status = u32At(b, o + SMT.PAYLOAD - SMT.LENGTH) | 0;
    const from = SMT.PAYLOAD + 4 - SMT.LENGTH;
    const n = Math.min(xfer.rxLen, length > 8 ? length - 8 : 0, Math.max(0, tailLength - from));
    xfer.rx = b.slice(o + from, o + from + n);
  }

  /** `shmem_poll_done`: our token is in the header and the platform set FREE or ERROR. */
  pollDone(xfer: Xfer): boolean {
    const head = this.mem.read(this.statusPa, SMT.HEADER - SMT.STATUS + 4);
    if (isFault(head)) return false;
    if (headerToken(u32At(head, SMT.HEADER - SMT.STATUS)) !== headerToken(xfer.header)) return false;
    return (u32At(head, 0) & (SMT_STATUS.FREE | SMT_STATUS.ERROR)) !== 0;
  }

  /** Used by the p2a side after handling a notification. */
  markFree(): void {
    this.mem.writeU32(this.statusPa, SMT_STATUS.FREE);
  }
}
