/**
 * `optee_msg_arg` contents through OP-TEE's yielding calls (CALL_WITH_ARG, CALL_WITH_RPC_ARG,
 * CALL_WITH_REGD_ARG) on the booted OP-TEE platforms: random commands, `num_params` past the end
 * and past 127, attribute types, META and NONCONTIG bits, memrefs pointing outside shared memory,
 * sizes and offsets out of range, sessions that do not exist, and invocations of the SCMI PTA with
 * MSG buffers of any size. Oracle (optee_os `entry_std.c`): a0 is an `OPTEE_SMC_RETURN_*` code or an
 * RPC; every RPC can be answered; when a0 is OK the argument's `ret` is a TEE result code with a
 * valid origin; an SCMI MSG answer echoes the header and fits its buffer; afterwards every thread
 * finishes and a session to the device PTA opens and closes.
 */
import fc from 'fast-check';
import { isFault } from '../../../runtime/core/memory.js';
import {
  LOGIN,
  MSG_ATTR,
  MSG_CMD,
  OPTEE_RET,
  PTA_DEVICE_UUID,
  TEE,
  uuidToOctets,
} from '../../../runtime/optee/abi.js';
import {
  decodeMsgArg,
  encodeMsgArg,
  type MsgArg,
  type MsgParam,
  octetsToValue,
} from '../../../runtime/optee/msg-arg.js';
import { PTA_SCMI_CMD, PTA_SCMI_UUID } from '../../../runtime/optee/pta-scmi.js';
import type { Platform } from '../../../runtime/platform/assemble.js';
import { commandHeader } from '../../../runtime/scmi/header.js';
import { decodeJson, encodeJson } from '../support/json.js';
import { interesting32, interesting64, mutateBytes } from '../support/mutate.js';
import { board, checkMonitorAlive, drainOptee, PlatformSession, settle } from '../support/platform.js';
import { SCMI_STATUSES, scmiRequest } from '../support/scmi-inputs.js';
import { platformNames } from '../support/seeds.js';
import { defineTarget, expectThat } from '../support/target.js';

type Where = 'in-page' | 'request' | 'response' | 'zero' | 'reserved' | 'random';

interface Param {
  attr: number;
  /** Memrefs: where `a` points (the page is ours); values: taken as is. */
  where: Where;
  a: bigint;
  b: bigint;
  c: bigint;
}

interface Call {
  entry: 'arg' | 'rpc-arg' | 'regd-arg';
  cmd: number;
  func: number;
  /** -1: the session the harness opened to the SCMI PTA; -2: to the device PTA. */
  session: number;
  numParams: number;
  params: Param[];
  /** Offset of the argument in the page (CALL_WITH_ARG needs it page aligned). */
  offset: number;
  /** An SCMI MSG request placed at `request` (and `response` cleared). */
  msg: Uint8Array;
}

interface Input {
  platform: string;
  calls: Call[];
}

const PLATFORMS = platformNames().filter((n) => board(n).prepared.profile!.optee.enabled);
const CALL = { arg: 0x3200_0004n, 'rpc-arg': 0x3200_0012n, 'regd-arg': 0x3200_0013n } as const;
const REQUEST = 0x800;
const RESPONSE = 0xc00;
const TEE_CODES: ReadonlySet<number> = new Set(Object.values(TEE));
const RETURNS: ReadonlySet<bigint> = new Set(Object.values(OPTEE_RET).map((v) => BigInt(v)));
const isRpc = (a0: bigint): boolean => a0 >= 0xffff_0000n && a0 < 0xffff_ffffn;

const ATTRS = [0, 1, 2, 3, 5, 6, 7, 9, 10, 11, 0x109, 0x20a, 0x209, 0x101, 4, 8, 12, 0xff];
const param: fc.Arbitrary<Param> = fc.record({
  attr: fc.oneof(fc.constantFrom(...ATTRS), fc.nat({ max: 0xffff })),
  where: fc.constantFrom<Where>('in-page', 'request', 'response', 'zero', 'reserved', 'random'),
  a: fc.oneof(fc.constantFrom(0n, 1n, 0x800n), fc.bigInt({ min: 0n, max: 0xffff_ffff_ffff_ffffn })),
  b: fc.oneof(
    fc.constantFrom(0n, 4n, 8n, 0x80n, 0x100n, 0x1000n, 0xffff_ffffn, 0xffff_ffff_ffff_ffffn),
    fc.bigInt({ min: 0n, max: 0x2000n }),
  ),
  c: fc.oneof(fc.constantFrom(0n, 1n, 2n), fc.bigInt({ min: 0n, max: 0xffff_ffff_ffff_ffffn })),
});

const call: fc.Arbitrary<Call> = fc
  .record({
    entry: fc.constantFrom('arg' as const, 'arg' as const, 'rpc-arg' as const, 'regd-arg' as const),
    cmd: fc.oneof(fc.nat({ max: 8 }), fc.nat()),
    func: fc.oneof(fc.nat({ max: 5 }), fc.nat()),
    session: fc.oneof(fc.constantFrom(-1, -1, -2, 0, 1, 99)),
    params: fc.array(param, { maxLength: 6 }),
    numDelta: fc.oneof(
      fc.constant(0),
      fc.integer({ min: -2, max: 2 }),
      fc.constantFrom(127, 128, 0x7fff_ffff),
    ),
    offset: fc.oneof(fc.constant(0), fc.constantFrom(8, 0x7e0, 0xfe0), fc.nat({ max: 0xfff })),
    msg: scmiRequest.map((r) => {
      const b = new Uint8Array(4 + r.payload.length);
      new DataView(b.buffer).setUint32(0, r.header, true);
      b.set(r.payload, 4);
      return b;
    }),
  })
  .map(({ numDelta, ...c }) => ({
    ...c,
    numParams: numDelta > 100 ? numDelta : Math.max(0, c.params.length + numDelta),
  }));

/** The SCMI MSG invocation the Linux driver makes (a good seed to mutate). */
function scmiMsgCall(proto: number, message: number): Call {
  const msg = new Uint8Array(4);
  new DataView(msg.buffer).setUint32(0, commandHeader(proto, message), true);
  return {
    entry: 'arg',
    cmd: MSG_CMD.INVOKE_COMMAND,
    func: PTA_SCMI_CMD.PROCESS_MSG_CHANNEL,
    session: -1,
    numParams: 3,
    offset: 0,
    msg,
    params: [
      { attr: MSG_ATTR.VALUE_INPUT, where: 'random', a: 0n, b: 0n, c: 0n },
      { attr: MSG_ATTR.TMEM_INPUT, where: 'request', a: 0n, b: 4n, c: 0n },
      { attr: MSG_ATTR.TMEM_OUTPUT, where: 'response', a: 0n, b: 0x100n, c: 0n },
    ],
  };
}

const session = new PlatformSession();
/** Sessions opened per live platform. */
const opened = new WeakMap<Platform, { scmi: number; device: number }>();

/** A page of normal-world DRAM past the kernel's shared-memory window, for our arguments. */
function page(p: Platform): bigint {
  const dram = p.memory.mapped.find(
    (m) => !m.secure && m.size >= 0x1_0000 && !m.name.startsWith('scmi') && !m.name.startsWith('optee'),
  );
  expectThat(dram !== undefined, 'no normal-world DRAM to place an argument in');
  const offset = Math.min(8 * 1024 * 1024, dram.size - 0x4000) & ~0xfff;
  return dram.base + BigInt(offset);
}

function memrefAddress(p: Platform, base: bigint, prm: Param): bigint {
  switch (prm.where) {
    case 'in-page':
      return base + (prm.a & 0xfffn);
    case 'request':
      return base + BigInt(REQUEST);
    case 'response':
      return base + BigInt(RESPONSE);
    case 'zero':
      return 0n;
    case 'reserved': {
      const r = p.profile.optee.reservedShm;
      return r ? BigInt(r.base) + (prm.a & 0xffn) : prm.a;
    }
    default:
      return prm.a;
  }
}

/** One yielding call, RPCs answered with zeros; returns the final a0. */
function std(p: Platform, regs: bigint[]): bigint {
  let r = p.monitor.call({ conduit: 'smc', regs, cpu: 0, secure: false });
  for (let k = 0; k < 32; k++) {
    expectThat(r.noReturn === undefined && r.regs.length >= 4, 'a yielding call did not return');
    const a0 = r.regs[0]!;
    if (!isRpc(a0)) return a0;
    r = p.monitor.call({ conduit: 'smc', regs: [0x3200_0003n, 0n, 0n, r.regs[3]!], cpu: 0, secure: false });
  }
  throw new Error('a yielding call is still in RPCs after 32 answers');
}

function uuidParams(uuid: string): MsgParam[] {
  const { a, b } = octetsToValue(uuidToOctets(uuid)!);
  const meta = MSG_ATTR.META | MSG_ATTR.VALUE_INPUT;
  return [
    { attr: meta, a, b, c: 0n },
    { attr: meta, a: 0n, b: 0n, c: BigInt(LOGIN.REE_KERNEL) },
  ];
}

/** Writes an argument at `pa` and runs CALL_WITH_ARG; returns a0 and the argument read back. */
function withArg(
  p: Platform,
  pa: bigint,
  arg: MsgArg,
  numParams = arg.params.length,
): { a0: bigint; back?: MsgArg } {
  const bytes = encodeMsgArg(arg);
  new DataView(bytes.buffer).setUint32(28, numParams, true);
  expectThat(p.memory.write(pa, bytes, false) === undefined, 'argument page not writable');
  const a0 = std(p, [CALL.arg, pa >> 32n, pa & 0xffff_ffffn]);
  const read = p.memory.read(pa, bytes.length, false);
  return { a0, ...(isFault(read) ? {} : { back: decodeMsgArg(read, arg.params.length) }) };
}

function openSession(p: Platform, base: bigint, uuid: string): number {
  const arg: MsgArg = {
    cmd: MSG_CMD.OPEN_SESSION,
    func: 0,
    session: 0,
    cancelId: 0,
    ret: 0,
    retOrigin: 0,
    numParams: 2,
    params: uuidParams(uuid),
  };
  const { a0, back } = withArg(p, base, arg);
  return a0 === 0n && back && back.ret === 0 ? back.session : 0;
}

function sessions(p: Platform, base: bigint): { scmi: number; device: number } {
  let s = opened.get(p);
  if (!s) {
    s = { scmi: openSession(p, base, PTA_SCMI_UUID), device: openSession(p, base, PTA_DEVICE_UUID) };
    opened.set(p, s);
  }
  return s;
}

function runCall(p: Platform, base: bigint, c: Call): void {
  const s = sessions(p, base);
  p.memory.write(base + BigInt(REQUEST), c.msg.subarray(0, 0x400), false);
  p.memory.write(base + BigInt(RESPONSE), new Uint8Array(0x400), false);
  const params: MsgParam[] = c.params.map((prm) => {
    const type = prm.attr & 0xff;
    const memref = type >= 5 && type <= 11 && type !== 8;
    const a = memref && type >= 9 ? memrefAddress(p, base, prm) : prm.a;
    const b = prm.where === 'request' ? BigInt(c.msg.length) : prm.b;
    return { attr: prm.attr, a, b, c: prm.c };
  });
  const arg: MsgArg = {
    cmd: c.cmd,
    func: c.func,
    session: c.session === -1 ? s.scmi : c.session === -2 ? s.device : c.session >>> 0,
    cancelId: 0,
    ret: 0,
    retOrigin: 0,
    numParams: c.numParams,
    params,
  };
  const pa = base + BigInt(c.offset & 0xfff);
  const bytes = encodeMsgArg(arg);
  new DataView(bytes.buffer).setUint32(28, c.numParams >>> 0, true);
  expectThat(
    p.memory.write(pa, bytes.subarray(0, Math.min(bytes.length, Number(base + 0x1000n - pa))), false) ===
      undefined,
    'argument page not writable',
  );
  const a1 = c.entry === 'regd-arg' ? BigInt(c.func) : pa >> 32n;
  const a2 = c.entry === 'regd-arg' ? BigInt(c.cmd) : pa & 0xffff_ffffn;
  const a0 = std(p, [CALL[c.entry], a1, a2, BigInt(c.offset)]);
  expectThat(RETURNS.has(a0), () => `a0 = 0x${a0.toString(16)} is not an OPTEE_SMC_RETURN code`);
  if (a0 !== 0n || c.entry === 'regd-arg') return;
  const read = p.memory.read(pa, 32 + 32 * Math.min(params.length, 4), false);
  if (isFault(read)) return;
  const back = decodeMsgArg(read, Math.min(params.length, 4));
  expectThat(TEE_CODES.has(back.ret), () => `arg.ret = 0x${back.ret.toString(16)} is not a TEE result`);
  expectThat(back.retOrigin >= 1 && back.retOrigin <= 4, () => `arg.ret_origin = ${back.retOrigin}`);
  const isMsg =
    c.cmd === MSG_CMD.INVOKE_COMMAND &&
    c.func === PTA_SCMI_CMD.PROCESS_MSG_CHANNEL &&
    c.session === -1 &&
    back.ret === 0;
  const fromRequest = c.params[1]?.where === 'request' && c.params[2]?.where === 'response';
  if (isMsg && fromRequest && c.msg.length >= 4) {
    const size = Number(back.params[2]?.b ?? 0n);
    const out = p.memory.read(base + BigInt(RESPONSE), 0x400, false);
    expectThat(!isFault(out), 'response buffer unreadable');
    expectThat(
      size >= 8 && size <= Number(params[2]!.b),
      () => `MSG response of ${size} bytes for a ${params[2]!.b}-byte buffer`,
    );
    const view = new DataView(out.buffer, out.byteOffset);
    expectThat(
      view.getUint32(0, true) === new DataView(c.msg.buffer).getUint32(0, true),
      'MSG response does not echo the header',
    );
    expectThat(SCMI_STATUSES.has(view.getInt32(4, true)), () => `MSG status ${view.getInt32(4, true)}`);
  }
}

export default defineTarget<Input>({
  name: 'optee',
  ext: 'json',
  arbitrary: fc.record({
    platform: fc.constantFrom(...PLATFORMS),
    calls: fc.array(call, { minLength: 1, maxLength: 6 }),
  }),
  seeds: () =>
    PLATFORMS.map((platform) => ({
      platform,
      calls: [0x10, 0x14, 0x16].map((proto) => scmiMsgCall(proto, 1)),
    })),
  mutate(input, rng) {
    const calls = input.calls.map((c) => ({ ...c, params: c.params.map((x) => ({ ...x })) }));
    const c = calls.length > 0 ? rng.pick(calls) : undefined;
    if (c) {
      const prm = c.params.length > 0 ? rng.pick(c.params) : undefined;
      switch (rng.below(7)) {
        case 0:
          c.numParams = rng.chance(0.5) ? interesting32(rng) : Math.max(0, c.numParams + rng.below(5) - 2);
          break;
        case 1:
          if (prm) prm.attr = rng.chance(0.5) ? rng.pick(ATTRS) : prm.attr ^ (1 << rng.below(12));
          break;
        case 2:
          if (prm) prm.b = rng.chance(0.5) ? interesting64(rng) : prm.b ^ (1n << BigInt(rng.below(64)));
          break;
        case 3:
          if (prm)
            prm.where = rng.pick<Where>(['in-page', 'request', 'response', 'zero', 'reserved', 'random']);
          break;
        case 4:
          c.msg = mutateBytes(c.msg, rng, [], 0x400);
          break;
        case 5:
          c.cmd = rng.chance(0.7) ? rng.below(9) : interesting32(rng);
          c.func = rng.chance(0.7) ? rng.below(6) : interesting32(rng);
          break;
        default:
          c.offset = rng.chance(0.7) ? 0 : rng.below(0x1000);
      }
    }
    return { platform: input.platform, calls: calls.slice(0, 12) };
  },
  encode: encodeJson,
  decode: (b) => decodeJson<Input>(b),
  reset: () => session.reset(),
  budgetMs: 3000,
  run(input) {
    const p = session.get(input.platform);
    const base = page(p);
    for (const c of input.calls) runCall(p, base, c);
    settle(p);
    drainOptee(p);
    // A valid request still works: open and close a session with the device PTA.
    const id = openSession(p, base + 0x1000n, PTA_DEVICE_UUID);
    expectThat(id !== 0, 'a session to the device PTA no longer opens');
    const close: MsgArg = {
      cmd: MSG_CMD.CLOSE_SESSION,
      func: 0,
      session: id,
      cancelId: 0,
      ret: 0,
      retOrigin: 0,
      numParams: 0,
      params: [],
    };
    const { a0, back } = withArg(p, base + 0x1000n, close);
    expectThat(a0 === 0n && back?.ret === 0, 'closing the device PTA session failed');
    checkMonitorAlive(p);
  },
});
