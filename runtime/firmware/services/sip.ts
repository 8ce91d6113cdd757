/**
 * Silicon-partner (OEN 2) and OEM (OEN 3) services whose function ids come from the firmware
 * profile: the profile says which ids this board's TF-A serves, and another component binds each id
 * to what it does (the SCMI-over-SMC doorbell: "0x82000010 → ring SCMI channel 0"). That split keeps
 * a real board's failure modes: an id the DT uses but the firmware does not serve answers Unknown
 * (Linux then sees a transport error), and a served id nobody bound answers Unknown with a `diag`.
 * The general queries (0xFF00 call count, 0xFF01 UID, 0xFF03 revision) answer when configured.
 */
import {
  type CallType,
  decodeFunctionId,
  type FunctionId,
  OEN,
  result,
  SMC_UNK,
  type SmcCall,
  type SmcResult,
  type SmcService,
} from '../../core/smc.js';
import type { Trace } from '../../core/trace.js';
import type { Registration } from '../dispatch-table.js';

export interface VendorCallSpec {
  fid: number;
  /** What the profile calls it (trace and diagnostics). */
  name?: string;
}

export type VendorHandler = (call: SmcCall, fid: FunctionId) => SmcResult;

export interface VendorServiceOptions {
  trace: Trace;
  /** OEN 2 (SiP, default) or 3 (OEM). */
  oen?: typeof OEN.SIP | typeof OEN.OEM;
  calls: readonly VendorCallSpec[];
  /** Call UID words as the firmware returns them in x0..x3 (function 0xFF01). */
  uid?: readonly [number, number, number, number];
  /** Revision (function 0xFF03). */
  revision?: { major: number; minor: number };
}

interface Entry {
  spec: VendorCallSpec;
  owner?: string;
  handler?: VendorHandler;
}

const CALL_COUNT = 0xff00;
const CALL_UID = 0xff01;
const REVISION = 0xff03;

export class VendorService implements SmcService {
  readonly name: string;
  readonly oenStart: number;
  readonly oenEnd: number;
  readonly callTypes: readonly CallType[];
  private readonly trace: Trace;
  private readonly entries = new Map<number, Entry>();
  private readonly uid: VendorServiceOptions['uid'];
  private readonly revision: VendorServiceOptions['revision'];
  /** Ids the profile listed that do not belong to this OEN (reported, not served). */
  readonly rejected: readonly VendorCallSpec[];

  constructor(options: VendorServiceOptions) {
    const oen = options.oen ?? OEN.SIP;
    this.name = oen === OEN.OEM ? 'oem' : 'sip';
    this.oenStart = oen;
    this.oenEnd = oen;
    this.trace = options.trace;
    this.uid = options.uid;
    this.revision = options.revision;
    const rejected: VendorCallSpec[] = [];
    const types = new Set<CallType>();
    for (const spec of options.calls) {
      const id = decodeFunctionId(spec.fid);
      if (id.oen !== oen || (id.type === 'fast' && id.reserved !== 0) || id.sveHint) {
        rejected.push(spec);
        this.trace.emit(
          'diag',
          this.name,
          `profile id 0x${id.raw.toString(16)} is not a ${this.name} function id; not served`,
          {
            fid: `0x${id.raw.toString(16)}`,
          },
        );
        continue;
      }
      types.add(id.type);
      this.entries.set(id.raw, { spec });
    }
    this.rejected = rejected;
    this.callTypes = types.has('yield') ? (types.has('fast') ? ['fast', 'yield'] : ['yield']) : ['fast'];
  }

  /** The ids the profile serves. */
  get served(): readonly number[] {
    return [...this.entries.keys()];
  }

  /** Binds a served id to its handler. Refused for an id the firmware does not serve or one already bound. */
  bind(fid: number, owner: string, handler: VendorHandler): Registration {
    const raw = fid >>> 0;
    const entry = this.entries.get(raw);
    const hex = `0x${raw.toString(16)}`;
    let refusal: Registration | undefined;
    if (!entry)
      refusal = {
        ok: false,
        reason: `${owner}: ${this.name} id ${hex} is not served by this firmware profile`,
      };
    else if (entry.owner)
      refusal = {
        ok: false,
        reason: `${owner}: ${this.name} id ${hex} is already bound to ${entry.owner}`,
        conflictsWith: entry.owner,
      };
    if (refusal) {
      if (!refusal.ok) this.trace.emit('diag', this.name, refusal.reason, { fid: hex, owner });
      return refusal;
    }
    entry!.owner = owner;
    entry!.handler = handler;
    return { ok: true };
  }

  handle(fid: FunctionId, call: SmcCall): SmcResult {
    const entry = this.entries.get(fid.raw);
    if (entry) {
      if (entry.handler) return entry.handler(call, fid);
      this.trace.emit(
        'diag',
        this.name,
        `${this.name} id 0x${fid.raw.toString(16)} is served but nothing is bound to it; Unknown`,
        {
          fid: `0x${fid.raw.toString(16)}`,
          name: entry.spec.name ?? null,
        },
      );
      return result(SMC_UNK);
    }
    if (fid.type === 'fast' && !fid.smc64) {
      if (fid.number === CALL_COUNT) return result(this.entries.size);
      if (fid.number === CALL_UID && this.uid) return result(...this.uid.map((w) => w >>> 0));
      if (fid.number === REVISION && this.revision) return result(this.revision.major, this.revision.minor);
    }
    return result(SMC_UNK);
  }
}
