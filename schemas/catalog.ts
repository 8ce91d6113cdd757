/**
 * Every diagnostic code dtpc can report, with what `dtpc explain` and SARIF need: a summary, why
 * it matters, and a wrong and a right example where the unit carries them. Built from the
 * registries (structural checks, bindings, wiring rules) so it cannot drift from them.
 */
import { CHECKS } from '../compiler/checks/index.js';
import type { Severity } from '../compiler/diagnostics/diagnostic.js';
import { INCLUDE_CYCLE_CODE, LIMITS } from '../compiler/limits.js';
import { bindings } from './bindings/index.js';
import { wiringRules } from './rules/index.js';

export interface RuleInfo {
  code: string;
  /** dtc's name, for structural checks. */
  dtcName?: string;
  severity: Severity | 'off';
  summary: string;
  why: string;
  wrong?: string;
  right?: string;
}

const CHECK_WHY: Record<string, string> = {
  tree: 'dtc rejects or warns about malformed names and structure; bootloaders and Linux look nodes up by these names.',
  ref: 'a dangling or duplicated reference makes dtc fail or leaves a phandle that points nowhere at boot.',
  type: 'Linux reads these properties with a fixed type; a wrong type is silently misread or ignored.',
  addr: "reg and ranges are decoded with the parent's #address-cells/#size-cells; a mismatch moves devices to wrong addresses.",
  bus: 'bus drivers match children by their unit address and reg; inconsistencies break enumeration.',
  chosen:
    'the bootloader and the kernel read /chosen early; malformed entries are ignored without a message.',
  aliases:
    'aliases name devices for the bootloader and the kernel (serial0, ethernet0); a bad alias is dropped.',
  phandle: "a specifier whose cell count does not match the provider's #…-cells shifts every later entry.",
  irq: 'interrupt specifiers are decoded through the interrupt parent; a wrong parent or cell count wires the wrong line.',
  graph:
    'OF graph links (ports/endpoints) are walked by media and display drivers; broken links make them fail to probe.',
  test: 'a test hook of dtc.',
};

const FRONT_END: RuleInfo[] = [
  {
    code: 'parse/syntax',
    severity: 'error',
    summary: 'The source does not follow the DTS grammar.',
    why: 'dtc stops at the first syntax error; dtpc reports each one with what was expected.',
  },
  {
    code: 'parse/lexical',
    severity: 'error',
    summary: 'A character sequence that is not a DTS token (often an undefined macro).',
    why: 'dtc never sees macros: an identifier left in a value means the preprocessor did not expand it.',
    wrong: '/dts-v1/;\n/ { interrupts = <GIC_SPI 5 4>; };',
    right:
      '/dts-v1/;\n#include <dt-bindings/interrupt-controller/arm-gic.h>\n/ { interrupts = <GIC_SPI 5 4>; };',
  },
  {
    code: 'parse/props-after-subnode',
    severity: 'error',
    summary: 'A property follows a child node in the same block.',
    why: 'dtc requires every property of a block before its first child node.',
    wrong: '/dts-v1/;\n/ { n {}; p; };',
    right: '/dts-v1/;\n/ { p; n {}; };',
  },
  {
    code: 'tree/ref-not-found',
    severity: 'error',
    summary: 'A `&label { }` or `/delete-node/ &label` names a label or path that does not exist.',
    why: 'dtc aborts: the block cannot be merged anywhere.',
    wrong: '/dts-v1/;\n/ { };\n&uart0 { status = "okay"; };',
    right: '/dts-v1/;\n/ { uart0: serial {}; };\n&uart0 { status = "okay"; };',
  },
  {
    code: 'tree/value-truncated',
    severity: 'warning',
    summary: 'A cell value does not fit its element size and is truncated.',
    why: 'the blob holds a different number than the source says (dtc ≥ 1.7 warns and truncates).',
    wrong: '/dts-v1/;\n/ { v = /bits/ 8 <0x1ff>; };',
    right: '/dts-v1/;\n/ { v = /bits/ 16 <0x1ff>; };',
  },
  {
    code: 'pp/include-not-found',
    severity: 'error',
    summary: 'An #include names a file that is in none of the include folders.',
    why: 'without the header its macros stay unexpanded and the tree does not parse.',
  },
  {
    code: 'io/not-found',
    severity: 'error',
    summary: 'An input file does not exist.',
    why: 'nothing can be compiled.',
  },
];

/** Resource limits (from their table in compiler/limits.ts) and the sandbox's refusals. */
const GUARDS: RuleInfo[] = [
  ...LIMITS.map(
    (l): RuleInfo => ({
      code: l.code,
      severity: 'error',
      summary: `Over the ${l.name} limit (default ${l.default}): ${l.bounds}.`,
      why: `limits keep hostile or broken input from hanging dtpc or exhausting memory or disk; raise it with --limit ${l.name}=N for a trusted input.`,
    }),
  ),
  {
    code: INCLUDE_CYCLE_CODE,
    severity: 'error',
    summary:
      'Files include each other in a cycle (found at the include-depth limit for #include, at once for /include/).',
    why: 'the preprocessor or dtc would include the same files until the depth limit; nothing after the cycle is compiled.',
    wrong: '// a.dtsi\n#include "b.dtsi"\n// b.dtsi\n#include "a.dtsi"',
    right: '// a.dtsi\n#ifndef A_DTSI\n#define A_DTSI\n#include "b.dtsi"\n#endif',
  },
  {
    code: 'sandbox/escape',
    severity: 'error',
    summary:
      'With --sandbox, an include or /incbin/ names a file outside the input folder and the -i folders.',
    why: 'a tree from an untrusted source must not read the host (`../../etc/passwd`, a symlink pointing out).',
  },
  {
    code: 'sandbox/not-a-file',
    severity: 'error',
    summary: 'With --sandbox, an include or /incbin/ names a device file, a FIFO or a folder.',
    why: '/dev/zero or a FIFO would never end or block the run; only regular files are read.',
  },
];

let cache: Map<string, RuleInfo> | undefined;

function build(): Map<string, RuleInfo> {
  const all = new Map<string, RuleInfo>();
  for (const info of FRONT_END) all.set(info.code, info);
  for (const info of GUARDS) all.set(info.code, info);
  for (const c of CHECKS) {
    all.set(c.id, {
      code: c.id,
      dtcName: c.dtcName,
      severity: c.severity,
      summary: c.summary,
      why: CHECK_WHY[c.id.split('/')[0] ?? ''] ?? 'dtc reports it.',
      ...(c.examples ? { wrong: c.examples.invalid, right: c.examples.valid } : {}),
    });
  }
  for (const r of wiringRules) {
    all.set(r.id, {
      code: r.id,
      severity: r.severity,
      summary: r.summary,
      why: r.rationale,
      ...(r.examples.invalid[0] ? { wrong: r.examples.invalid[0].dts } : {}),
      ...(r.examples.valid[0] ? { right: r.examples.valid[0].dts } : {}),
    });
  }
  for (const b of bindings) {
    const wrong = b.examples.find((e) => !e.valid)?.dts;
    const right = b.examples.find((e) => e.valid)?.dts;
    const base = {
      why: `The node does not match the ${b.id} binding (${b.summary}); Linux's driver reads exactly these properties.`,
      ...(wrong ? { wrong } : {}),
      ...(right ? { right } : {}),
    };
    for (const rule of b.rules ?? []) {
      all.set(`schema/${b.id}/${rule.id}`, {
        code: `schema/${b.id}/${rule.id}`,
        severity: rule.severity,
        summary: rule.summary,
        ...base,
      });
    }
    for (const generic of [
      'required',
      'unknown-property',
      'unknown-node',
      'node-name',
      'invalid-value',
      'too-many',
      'too-few',
      'out-of-range',
    ]) {
      const code = `schema/${b.id}/${generic}`;
      if (!all.has(code))
        all.set(code, {
          code,
          severity: 'error',
          summary: `${b.summary}: ${generic.replace(/-/g, ' ')}.`,
          ...base,
        });
    }
  }
  return all;
}

export function ruleCatalog(): ReadonlyMap<string, RuleInfo> {
  cache ??= build();
  return cache;
}

/** Looks a code up: our code, or a structural check's dtc name. */
export function explainCode(code: string): RuleInfo | undefined {
  const catalog = ruleCatalog();
  const direct = catalog.get(code);
  if (direct) return direct;
  for (const info of catalog.values()) if (info.dtcName === code) return info;
  return undefined;
}
