/**
 * Every resource limit dtpc enforces, in one table: its `--limit` name, its default, what it bounds
 * and the diagnostic code a hit reports. Limits exist so that hostile or broken input (an include
 * cycle, a macro that doubles at every level, a 4 GiB /incbin/, `repeat: 1e12`) ends in one clear
 * error instead of a hang, an exhausted heap or a full disk. Defaults sit far above anything a real
 * board needs (the whole Linux corpus and every bundled platform stay well under them).
 */

export interface Limits {
  /** Nested `#include` / `/include/` files (cpp's and dtc's own maximum is 200). */
  includeDepth: number;
  /** Tokens produced by macro expansion over one preprocessing run. */
  expansionBudget: number;
  /** Bytes of any one file read: the input, every included file, DTB inputs, /incbin/ files. */
  inputSize: number;
  /** Bytes of all files entered by one input's includes, counting every entry (include bombs). */
  totalInputSize: number;
  /** Nesting depth of nodes below the root. */
  nodeDepth: number;
  /** Bytes of one property value. */
  propertySize: number;
  /** Bytes one `/incbin/` may pull in. */
  incbinBytes: number;
  /** Elements of one `< >` array (a `/bits/ 64` one costs 8 bytes and a 64-bit number each). */
  arrayLength: number;
  /** Scenario actions: every step counts once, a repeated one as often as it repeats. */
  scenarioLength: number;
  /** Bytes written to a `--trace` file. */
  traceSize: number;
  /** Diagnostics the structural checks keep for one input (dtc reports every pair of 1,000 duplicates). */
  maxDiagnostics: number;
}

export interface LimitInfo {
  key: keyof Limits;
  /** The `--limit` / `dtpc.config.json` spelling. */
  name: string;
  default: number;
  /** What it bounds, for `--help` and the README. */
  bounds: string;
  /** The error diagnostic a hit reports. */
  code: string;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** The one table: defaults and codes are read from here and nowhere else. */
export const LIMITS: readonly LimitInfo[] = [
  {
    key: 'includeDepth',
    name: 'include-depth',
    default: 200,
    bounds: 'nested #include and /include/ files (an include cycle hits it and is named)',
    code: 'limit/include-depth',
  },
  {
    key: 'expansionBudget',
    name: 'macro-expansion',
    default: 1_000_000,
    bounds: 'tokens produced by macro expansion in one input',
    code: 'limit/macro-expansion',
  },
  {
    key: 'inputSize',
    name: 'input-size',
    default: 64 * MiB,
    bounds: 'bytes of any one file read (input, included files, DTB inputs, /incbin/ files)',
    code: 'limit/input-size',
  },
  {
    key: 'totalInputSize',
    name: 'total-input-size',
    default: 256 * MiB,
    bounds:
      'bytes of all files one input enters through #include and /include/, each entry counted (include bombs)',
    code: 'limit/total-input-size',
  },
  {
    key: 'nodeDepth',
    name: 'node-depth',
    default: 256,
    bounds: 'nesting depth of nodes below the root',
    code: 'limit/node-depth',
  },
  {
    key: 'propertySize',
    name: 'property-size',
    default: 64 * MiB,
    bounds: 'bytes of one property value',
    code: 'limit/property-size',
  },
  {
    key: 'incbinBytes',
    name: 'incbin-size',
    default: 64 * MiB,
    bounds: 'bytes one /incbin/ pulls in',
    code: 'limit/incbin-size',
  },
  {
    key: 'arrayLength',
    name: 'array-length',
    default: 1_000_000,
    bounds: 'elements of one < > array (including /bits/ 64 arrays)',
    code: 'limit/array-length',
  },
  {
    key: 'scenarioLength',
    name: 'scenario-length',
    default: 10_000_000,
    bounds: 'scenario actions: each step once, a repeated step `repeat.count` times',
    code: 'limit/scenario-length',
  },
  {
    key: 'traceSize',
    name: 'trace-size',
    default: 1 * GiB,
    bounds: 'bytes written to a --trace file',
    code: 'limit/trace-size',
  },
  {
    key: 'maxDiagnostics',
    name: 'diagnostics',
    default: 10_000,
    bounds: 'diagnostics the structural checks keep for one input (the rest are counted, not kept)',
    code: 'limit/diagnostics',
  },
];

/** The include-cycle diagnostic: its own code, raised by the same `include-depth` limit. */
export const INCLUDE_CYCLE_CODE = 'limit/include-cycle';

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze(
  Object.fromEntries(LIMITS.map((l) => [l.key, l.default])) as unknown as Limits,
);

export function limitInfo(key: keyof Limits): LimitInfo {
  return LIMITS.find((l) => l.key === key) as LimitInfo;
}

/** Defaults overlaid with the values given (undefined keys keep their default). */
export function resolveLimits(given: Partial<Limits> | undefined): Limits {
  if (!given) return { ...DEFAULT_LIMITS };
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const l of LIMITS) {
    const v = given[l.key];
    if (v !== undefined) out[l.key] = v;
  }
  return out;
}

/** The hint every limit diagnostic carries: which `--limit` raises it, and to what at least. */
export function limitHint(key: keyof Limits, current: number, needed?: number): string {
  const info = limitInfo(key);
  const to = needed !== undefined && needed > current ? needed : current * 2;
  return `if the input is trusted, raise it: --limit ${info.name}=${formatLimit(to)} (now ${formatLimit(current)})`;
}

/** A value as `--limit` takes it, in the largest binary unit that divides it (`64MiB`, `200`). */
export function formatLimit(value: number): string {
  for (const [unit, size] of [
    ['GiB', GiB],
    ['MiB', MiB],
    ['KiB', KiB],
  ] as const) {
    if (value >= size && value % size === 0) return `${value / size}${unit}`;
  }
  return String(value);
}

const SUFFIXES: Record<string, number> = {
  '': 1,
  k: 1000,
  M: 1000 ** 2,
  G: 1000 ** 3,
  KiB: KiB,
  MiB: MiB,
  GiB: GiB,
};

/**
 * Parses one `name=value` (`include-depth=50`, `input-size=16MiB`, `scenario-length=5M`). Returns
 * the key and value, or a message saying what is wrong (the CLI turns it into a usage error).
 */
export function parseLimit(spec: string): { key: keyof Limits; value: number } | { error: string } {
  const eq = spec.indexOf('=');
  if (eq < 0) return { error: `--limit takes NAME=VALUE, got '${spec}' (names: ${limitNames()})` };
  return parseLimitValue(spec.slice(0, eq).trim(), spec.slice(eq + 1).trim());
}

export function parseLimitValue(
  name: string,
  value: string | number,
): { key: keyof Limits; value: number } | { error: string } {
  const info = LIMITS.find((l) => l.name === name);
  if (!info) return { error: `unknown limit '${name}' (names: ${limitNames()})` };
  const text = String(value);
  const m = /^(\d+)(k|M|G|KiB|MiB|GiB)?$/.exec(text);
  const n = m ? Number(m[1]) * (SUFFIXES[m[2] ?? ''] as number) : Number.NaN;
  if (!m || !Number.isSafeInteger(n) || n < 1) {
    return {
      error: `invalid value '${text}' for limit ${name}: a positive integer, optionally with k, M, G, KiB, MiB or GiB`,
    };
  }
  return { key: info.key, value: n };
}

function limitNames(): string {
  return LIMITS.map((l) => l.name).join(', ');
}
