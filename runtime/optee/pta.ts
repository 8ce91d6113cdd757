/**
 * Pseudo trusted applications: services compiled into the OP-TEE core (`core/pta/*`), reached by
 * UUID through OPEN_SESSION / INVOKE_COMMAND / CLOSE_SESSION. A PTA sees GlobalPlatform parameters
 * (four slots, `TEE_PARAM_TYPES`), never `optee_msg_param`s. An invocation that has to wait on the
 * normal world (an RPC) is a generator: each `yield` suspends the OP-TEE thread in an RPC and resumes
 * with the RPC's TEE result, which is how a secure thread really blocks.
 */

/** GP parameter types (`TEE_PARAM_TYPE_*`). */
export const GP = {
  NONE: 0,
  VALUE_INPUT: 1,
  VALUE_OUTPUT: 2,
  VALUE_INOUT: 3,
  MEMREF_INPUT: 5,
  MEMREF_OUTPUT: 6,
  MEMREF_INOUT: 7,
} as const;

export interface GpParam {
  type: number;
  /** Value parameters: 32-bit a and b. */
  a: number;
  b: number;
  /** Memref parameters: the bytes (null for a NULL memref) and the size the caller gave or gets back. */
  memref?: { data: Uint8Array | null; size: number };
}

export function noneParam(): GpParam {
  return { type: GP.NONE, a: 0, b: 0 };
}

/** `TEE_PARAM_TYPES(t0, t1, t2, t3)`. */
export function paramTypes(...types: number[]): number {
  return types.reduce((acc, t, i) => acc | ((t & 0xf) << (4 * i)), 0);
}

export function typesOf(params: readonly GpParam[]): number {
  let types = 0;
  for (let i = 0; i < params.length; i++) types |= (params[i]!.type & 0xf) << (4 * i);
  return types;
}

/** Something a secure thread asks the normal world to do (OPTEE_RPC_CMD_*). */
export type SecureRpc =
  | { kind: 'notif-wait'; value: number; timeoutMs: number }
  | { kind: 'notif-send'; value: number }
  | { kind: 'suspend'; ms: number };

/** A TEE result now, or a thread that yields RPCs (each resumed with the RPC's `arg.ret`) and ends with one. */
export type PtaInvocation = number | Generator<SecureRpc, number, number>;

export interface PtaSession {
  readonly id: number;
  readonly login: number;
  readonly clientUuid: string;
}

export interface PseudoTa {
  readonly uuid: string;
  readonly name: string;
  /** `TA_FLAG_DEVICE_ENUM`: listed by the device PTA so Linux creates a tee-bus device for it. */
  readonly deviceEnum: boolean;
  /** TEE result; the session is kept only on SUCCESS. */
  openSession?(session: PtaSession, params: GpParam[]): number;
  invoke(session: PtaSession, cmd: number, params: GpParam[]): PtaInvocation;
  closeSession?(session: PtaSession): void;
}

export class PtaRegistry {
  private readonly byUuid = new Map<string, PseudoTa>();

  /** Registers a PTA; a second PTA with the same UUID is a programming error. */
  register(pta: PseudoTa): void {
    const key = pta.uuid.toLowerCase();
    if (this.byUuid.has(key)) throw new Error(`PTA ${pta.uuid} registered twice`);
    this.byUuid.set(key, pta);
  }

  get(uuid: string): PseudoTa | undefined {
    return this.byUuid.get(uuid.toLowerCase());
  }

  /** In registration order (deterministic enumeration). */
  get all(): PseudoTa[] {
    return [...this.byUuid.values()];
  }
}
