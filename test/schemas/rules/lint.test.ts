import { describe, expect, it } from 'vitest';
import { Data } from '../../../compiler/tree/data.js';
import { DeviceTree, Node, Property } from '../../../compiler/tree/tree.js';
import { lintTree } from '../../../schemas/lint.js';
import { defineRule } from '../../../schemas/rules/define.js';
import { checkWiring } from '../../../schemas/rules/run.js';
import { board } from '../../../schemas/rules/support/examples.js';
import { compile, lint, spanOf, where } from './support.js';

describe('lintTree', () => {
  it('keeps the wiring finding and drops the binding finding it refines at the same place', () => {
    const dts = board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "smc";
      interrupts = <0 187 4>;
    };
  };`);
    const codes = lint(dts).map((d) => d.code);
    expect(codes).toContain('wiring/optee-notif-interrupt');
    expect(codes).not.toContain('schema/firmware/linaro,optee-tz/notification-trigger');
  });

  it('keeps binding findings no wiring rule refines', () => {
    const dts = board(`
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      method = "svc";
    };
  };`);
    expect(lint(dts).map((d) => d.code)).toContain('schema/firmware/linaro,optee-tz/invalid-value');
  });

  it('reports related spans (the provider) and a hint', () => {
    const dts = board(`
  cru: reset-controller@1000 {
    reg = <0x1000 0x100>;
    #reset-cells = <1>;
    status = "disabled";
  };
  dev@2000 {
    reg = <0x2000 0x100>;
    resets = <&cru 1>;
  };`);
    const [d] = lint(dts).filter((x) => x.code === 'wiring/disabled-provider');
    expect(d).toMatchObject({ severity: 'error', nodePath: '/dev@2000', property: 'resets' });
    expect(where(d!.related![0]!.span)).toBe(where(spanOf(dts, 'status = ["disabled"]')));
    expect(d!.hint).toBeTruthy();
  });

  it('works on a tree without source (a DTB): no spans, same findings', () => {
    const root = new Node('');
    const fw = root.addChild(new Node('firmware'));
    const a = fw.addChild(new Node('optee'));
    const b = root.addChild(new Node('optee'));
    for (const n of [a, b]) {
      n.addProp(new Property('compatible', new Data(new TextEncoder().encode('linaro,optee-tz\0'))));
      n.addProp(new Property('method', new Data(new TextEncoder().encode('smc\0'))));
    }
    const found = lintTree(new DeviceTree(root)).filter((d) => d.code === 'wiring/optee-single');
    expect(found).toHaveLength(1);
    expect(found[0]!.nodePath).toBe('/optee');
    expect(found[0]!.span).toBeUndefined();
  });
});

describe('checkWiring', () => {
  it('turns a failing rule into one internal error and runs the others', () => {
    const broken = defineRule({
      id: 'wiring/broken',
      severity: 'error',
      summary: 'always throws',
      rationale: 'test',
      examples: { valid: [], invalid: [] },
      check() {
        throw new Error('boom');
      },
    });
    const tree = compile(board(''));
    const out = checkWiring(tree, undefined, { rules: [broken] });
    expect(out.map((d) => d.code)).toEqual(['wiring/internal-error']);
  });
});
