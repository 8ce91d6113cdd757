/**
 * Structured inputs (register sets, shared-memory images) as readable JSON fixtures: 64-bit values
 * as `{"u64":"0x…"}` and byte buffers as `{"hex":"…"}`, turned back into bigints and bytes on read.
 */
export function encodeJson(value: unknown): Uint8Array {
  const text = JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (typeof v === 'bigint') return { u64: `0x${BigInt.asUintN(64, v).toString(16)}` };
      if (v instanceof Uint8Array) return { hex: Buffer.from(v).toString('hex') };
      return v;
    },
    1,
  );
  return new Uint8Array(Buffer.from(`${text}\n`, 'utf8'));
}

export function decodeJson<T>(bytes: Uint8Array): T {
  return JSON.parse(Buffer.from(bytes).toString('utf8'), (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && typeof o.u64 === 'string') return BigInt(o.u64);
      if (keys.length === 1 && typeof o.hex === 'string') return new Uint8Array(Buffer.from(o.hex, 'hex'));
    }
    return v;
  }) as T;
}
