import { describe, expect, it } from 'vitest';
import { CHECKS, checkByDtcName, checkById, dtcNameOf, findCheck } from '../../compiler/checks/index.js';
import { checkDts, reportedCodes } from './support.js';

/** Checks that report nothing themselves: they record state for others, or are dtc's test hook. */
const SILENT = new Set(['addr_size_cells', 'simple_bus_bridge', 'omit_unused_nodes', 'always_fail']);

describe('check registry', () => {
  it('holds dtc 1.8.1 table: 89 checks, 13 errors, 71 warnings, 5 off', () => {
    expect(CHECKS).toHaveLength(89);
    const count = (s: string) => CHECKS.filter((c) => c.severity === s).length;
    expect([count('error'), count('warning'), count('off')]).toEqual([13, 71, 5]);
    expect(CHECKS.filter((c) => c.severity === 'off').map((c) => c.dtcName)).toEqual([
      'property_name_chars_strict',
      'node_name_chars_strict',
      'unique_unit_address_if_enabled',
      'deprecated_gpio_property',
      'always_fail',
    ]);
  });

  it('registers every check once, with a unique namespaced id and dtc name', () => {
    expect(new Set(CHECKS).size).toBe(CHECKS.length);
    expect(new Set(CHECKS.map((c) => c.id)).size).toBe(CHECKS.length);
    expect(new Set(CHECKS.map((c) => c.dtcName)).size).toBe(CHECKS.length);
    for (const c of CHECKS) {
      expect(c.id).toMatch(/^[a-z0-9]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(c.dtcName).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
      expect(c.summary.length).toBeGreaterThan(10);
      expect(checkById(c.id)).toBe(c);
      expect(checkByDtcName(c.dtcName)).toBe(c);
      expect(findCheck(c.id)).toBe(c);
      expect(dtcNameOf(c.id)).toBe(c.dtcName);
    }
  });

  it('names only registered prerequisites, and no check depends on itself', () => {
    for (const c of CHECKS) {
      for (const r of c.requires) {
        expect(checkByDtcName(r), `${c.dtcName} requires ${r}`).toBeDefined();
        expect(r).not.toBe(c.dtcName);
      }
    }
  });

  it('gives every reporting check examples', () => {
    for (const c of CHECKS) if (!SILENT.has(c.dtcName)) expect(c.examples, c.dtcName).toBeDefined();
  });
});

describe('check examples', () => {
  for (const c of CHECKS) {
    if (!c.examples) continue;
    // Checks that are off by default are enabled for their own examples.
    const flags = c.severity === 'off' ? [`-W${c.dtcName}`] : [];
    it(`${c.id}: valid example passes`, () => {
      expect(reportedCodes(checkDts(c.examples!.valid, flags))).not.toContain(c.id);
    });
    it(`${c.id}: invalid example fails`, () => {
      expect(reportedCodes(checkDts(c.examples!.invalid, flags))).toContain(c.id);
    });
  }
});
