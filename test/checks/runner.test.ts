import { describe, expect, it } from 'vitest';
import {
  defaultCheckSettings,
  failedPrerequisite,
  formatDtcDiagnostic,
  parseCheckFlags,
} from '../../compiler/checks/index.js';
import { checkDts, reportedCodes } from './support.js';

const BAD_CELLS = '/dts-v1/;\n/ {\n\t#address-cells = "x";\n\tn@0 { reg = <0 1>; };\n};\n';

describe('runChecks', () => {
  it('reports a failed prerequisite once per blocked check, in table order', () => {
    const out = checkDts(BAD_CELLS);
    const blocked = out.diagnostics
      .filter((d) => failedPrerequisite(d) !== undefined)
      .map((d) => `${d.code}<-${failedPrerequisite(d)}`);
    expect(blocked.slice(0, 3)).toEqual([
      'addr/addr-size-cells<-address_cells_is_cell',
      'addr/reg-format<-addr_size_cells',
      'addr/ranges-format<-addr_size_cells',
    ]);
    expect(out.diagnostics[0]!.code).toBe('type/address-cells-is-cell');
    expect(out.diagnostics[0]!.property).toBe('#address-cells');
    expect(out.failedErrors).toBe(false);
  });

  it('stops running checks after the first error-level failure', () => {
    // duplicate_label fails (error); unit_address_vs_reg, later in the table, never runs.
    const out = checkDts('/dts-v1/;\n/ { a: x { }; a: y@1 { }; };\n');
    expect(reportedCodes(out)).toEqual(['tree/duplicate-label']);
    expect(out.failedErrors).toBe(true);
  });

  it('runs a disabled prerequisite silently but still blocks on it', () => {
    // -Eno- lowers duplicate_node_names and the error-level checks needing it (phandle_references),
    // but not the warning-level clocks_property, which then runs them silently and is blocked.
    const text = '/dts-v1/;\n/ { p: p { #clock-cells = <0>; }; c { clocks = <&p>; }; x { }; x { }; };\n';
    const out = checkDts(text, ['-Eno-duplicate_node_names']);
    expect(reportedCodes(out)).toEqual([]);
    const blocked = out.diagnostics.filter((d) => failedPrerequisite(d) === 'phandle_references');
    expect(blocked.map((d) => d.code)).toContain('phandle/clocks-property');
    expect(out.failedErrors).toBe(false);
  });

  it('re-raises prerequisites that -W turns back on', () => {
    const codes = checkDts(BAD_CELLS, ['-Wno-address_cells_is_cell', '-Wreg_format']).diagnostics.map(
      (d) => d.code,
    );
    expect(codes).toContain('type/address-cells-is-cell');
    expect(codes).toContain('addr/reg-format');
  });

  it('points node diagnostics at the node name and keeps dtc position as related info', () => {
    const text = '/dts-v1/;\n/ {\n\tnode@1 { };\n};\n';
    const d = checkDts(text).diagnostics.find((x) => x.code === 'addr/unit-address-vs-reg')!;
    expect(d.nodePath).toBe('/node@1');
    expect(d.span).toMatchObject({ file: 'test.dts', line: 3, col: 2 });
    expect(d.related?.[0]?.message).toBe('node defined here');
  });

  it('points at the offending cell of a phandle array', () => {
    const text = '/dts-v1/;\n/ {\n\tp: p { #clock-cells = <1>; };\n\tc { clocks = <&p 1 7>; };\n};\n';
    const d = checkDts(text).diagnostics.find((x) => x.message.startsWith('cell 2'))!;
    expect(d.code).toBe('phandle/clocks-property');
    expect(d.property).toBe('clocks');
    expect(d.span).toMatchObject({ line: 4, col: 21, endCol: 22 });
  });

  it('reports a property of another node under the node it is checking, as dtc does', () => {
    const text =
      '/dts-v1/;\n/ { i: intc { interrupt-controller; #interrupt-cells = <2>; }; d { interrupt-parent = <&i>; interrupts = <1>; }; };\n';
    const d = checkDts(text).diagnostics.find((x) => x.code === 'irq/interrupts-property')!;
    expect([d.nodePath, d.property]).toEqual(['/d', '#interrupt-cells']);
  });
});

describe('parseCheckFlags', () => {
  const level = (flags: string[], name: string) => parseCheckFlags(flags).settings.levels.get(name);

  it('accepts -W, -E, no- and no_ forms, dtc names and our codes', () => {
    expect(level(['-Wno-unit_address_vs_reg'], 'unit_address_vs_reg')).toEqual({ warn: false, error: false });
    expect(level(['-Wno_unit_address_vs_reg'], 'unit_address_vs_reg')).toEqual({ warn: false, error: false });
    expect(level(['-Eunit_address_vs_reg'], 'unit_address_vs_reg')).toEqual({ warn: true, error: true });
    expect(level(['-Waddr/unique-unit-address-if-enabled'], 'unique_unit_address_if_enabled')).toEqual({
      warn: true,
      error: false,
    });
    expect(level(['--warning=always_fail'], 'always_fail')).toEqual({ warn: true, error: false });
    expect(level(['-W', 'always_fail'], 'always_fail')).toEqual({ warn: true, error: false });
    expect(level(['-Eno-duplicate_label'], 'duplicate_label')).toEqual({ warn: false, error: false });
  });

  it('raises prerequisites and lowers dependents', () => {
    const raised = parseCheckFlags(['-Ereg_format']).settings.levels;
    expect(raised.get('addr_size_cells')).toEqual({ warn: true, error: true });
    expect(raised.get('address_cells_is_cell')).toEqual({ warn: true, error: true });
    const lowered = parseCheckFlags(['-Wno-addr_size_cells']).settings.levels;
    expect(lowered.get('reg_format')).toEqual({ warn: false, error: false });
    expect(lowered.get('simple_bus_reg')).toEqual({ warn: false, error: false });
    expect(lowered.get('address_cells_is_cell')).toEqual({ warn: true, error: false });
  });

  it('reports unknown names and non-check flags as usage diagnostics', () => {
    const { diagnostics, settings } = parseCheckFlags(['-Wno-graph_child_address', '-x']);
    expect(diagnostics.map((d) => d.code)).toEqual(['usage/unknown-check', 'usage/bad-check-flag']);
    expect(settings.levels).toEqual(defaultCheckSettings().levels);
  });
});

describe('formatDtcDiagnostic', () => {
  it("prints dtc's text form with dtc's position", () => {
    const out = checkDts(BAD_CELLS);
    const lines = out.diagnostics.slice(0, 2).map((d) => formatDtcDiagnostic(d, { outputName: 'out.dtb' }));
    expect(lines).toEqual([
      'test.dts:3.2-23: Warning (address_cells_is_cell): /:#address-cells: property is not a single cell',
      "out.dtb: Warning (addr_size_cells): Failed prerequisite 'address_cells_is_cell'",
    ]);
  });

  it('adds the "also defined at" lines of nodes built from several blocks', () => {
    const text = '/dts-v1/;\n/ { n@1 { }; };\n/ { n@1 { x; }; };\n';
    const d = checkDts(text).diagnostics.find((x) => x.code === 'addr/unit-address-vs-reg')!;
    expect(formatDtcDiagnostic(d).split('\n')).toHaveLength(2);
    expect(formatDtcDiagnostic(d).split('\n')[1]).toMatch(/^ {2}also defined at test\.dts:3\./);
  });
});
