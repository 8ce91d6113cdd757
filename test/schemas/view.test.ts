import { describe, expect, it } from 'vitest';
import { DeviceTree, Node } from '../../compiler/tree/tree.js';
import { cellRefSpan } from '../../schemas/types/source.js';
import { validateTree } from '../../schemas/validate.js';
import type { GicInterrupt } from '../../schemas/view/specifiers.js';
import { TreeView } from '../../schemas/view/view.js';
import { expectedSpan, treeOf } from './examples.js';

const GIC = `
  gic: interrupt-controller@2c001000 {
    compatible = "arm,gic-400";
    #interrupt-cells = <3>;
    interrupt-controller;
    reg = <0x2c001000 0x1000>, <0x2c002000 0x2000>;
  };`;

describe('typed view: interrupts', () => {
  it('inherits interrupt-parent from an ancestor and names GIC cells', () => {
    const dts = `/ {
  #address-cells = <1>;
  #size-cells = <1>;
  ${GIC}
  soc {
    interrupt-parent = <&gic>;
    #address-cells = <1>;
    #size-cells = <1>;
    uart@1000 {
      reg = <0x1000 0x100>;
      interrupts = <0 10 4>, <1 13 0x308>;
      interrupt-names = "rx", "timer";
    };
  };
};`;
    const tree = treeOf(dts);
    const view = new TreeView(tree);
    const uart = view.byPath('/soc/uart@1000')!;
    const [a, b] = uart.interrupts;
    expect(a!.controller.path).toBe('/interrupt-controller@2c001000');
    expect(a!.decoded).toEqual({ kind: 'gic', type: 'spi', number: 10, intid: 42, trigger: 'level-high' });
    expect(a!.name).toBe('rx');
    expect(b!.decoded).toMatchObject({
      type: 'ppi',
      number: 13,
      intid: 29,
      trigger: 'level-low',
      cpuMask: 3,
    });
    // The source points at the exact cells.
    expect(cellRefSpan(tree, b!.source)).toMatchObject(expectedSpan(dts, '<[1 13 0x308]>'));
  });

  it('resolves interrupts-extended per entry and prefers it over interrupts', () => {
    const tree = treeOf(`/ {
  ${GIC}
  gic2: interrupt-controller@3000 {
    compatible = "arm,gic-v3";
    #interrupt-cells = <4>;
    interrupt-controller;
    reg = <0x3000 0x1000>, <0x4000 0x1000>;
  };
  dev {
    interrupts = <0 1 4>;
    interrupts-extended = <&gic 0 5 1>, <&gic2 2 7 4 0>;
  };
};`);
    const irqs = new TreeView(tree).byPath('/dev')!.interrupts;
    expect(
      irqs.map((i) => [
        i.controller.name,
        (i.decoded as GicInterrupt).type,
        (i.decoded as GicInterrupt).intid,
      ]),
    ).toEqual([
      ['interrupt-controller@2c001000', 'spi', 37],
      ['interrupt-controller@3000', 'espi', 4103],
    ]);
    expect(irqs[1]!.source).toMatchObject({ cell: 4, count: 5 });
  });

  it('translates through interrupt-map with a mask and the child unit address', () => {
    const tree = treeOf(`/ {
  ${GIC}
  pci: bridge@0 {
    reg = <0 0x1000>;
    #address-cells = <1>;
    #size-cells = <1>;
    #interrupt-cells = <1>;
    interrupt-map-mask = <0xf000 7>;
    interrupt-map = <0x0000 1 &gic 0 100 4>, <0x1000 1 &gic 0 101 4>, <0x1000 2 &gic 0 102 4>;
    interrupt-parent = <&pci>;
    dev@1000 {
      reg = <0x1000 0x100>;
      interrupts = <2>;
    };
    dev@1234 {
      reg = <0x1234 0x100>;
      interrupts = <9>;
    };
  };
};`);
    const view = new TreeView(tree);
    const [irq] = view.byPath('/bridge@0/dev@1000')!.interrupts;
    expect((irq!.decoded as GicInterrupt).number).toBe(102);
    expect(irq!.via.map((s) => s.nexus.name)).toEqual(['bridge@0']);
    expect(irq!.specifierSource).toMatchObject({ property: { name: 'interrupt-map' }, cell: 15, count: 3 });
    // 0x1234 masks to 0x1000, 9 masks to 1 → row 1.
    expect((view.byPath('/bridge@0/dev@1234')!.interrupts[0]!.decoded as GicInterrupt).number).toBe(101);
  });

  it('reports a nexus row sized by a parent with the wrong #address-cells (the Layerscape case)', () => {
    const tree = treeOf(`/ {
  #address-cells = <2>;
  #size-cells = <2>;
  gic: interrupt-controller@1000 {
    compatible = "arm,gic-v3";
    #interrupt-cells = <3>;
    #address-cells = <2>;
    #size-cells = <2>;
    interrupt-controller;
    reg = <0x0 0x1000 0x0 0x1000>, <0x0 0x2000 0x0 0x1000>;
  };
  extirq: interrupt-controller@14 {
    #address-cells = <0>;
    #interrupt-cells = <2>;
    interrupt-map = <0 0 &gic 0 131 4>, <1 0 &gic 0 132 4>;
    interrupt-map-mask = <0xf 0>;
  };
};`);
    const codes = validateTree(tree).map((d) => d.code);
    // Row 0 eats two parent address cells, so row 1 starts mid-row and its "phandle" is 132.
    expect(codes).toEqual(['schema/core/interrupt-controller/interrupt-map-parent']);
  });
});

describe('typed view: reg and phandle arrays', () => {
  it('decodes reg with the parent cells and translates through ranges', () => {
    const tree = treeOf(`/ {
  soc {
    #address-cells = <2>;
    #size-cells = <2>;
    ranges;
    sram@50000000 {
      reg = <0x0 0x50000000 0x0 0x10000>;
      #address-cells = <1>;
      #size-cells = <1>;
      ranges = <0 0x0 0x50000000 0x10000>;
      shm: section@80 {
        reg = <0x80 0x80>;
      };
    };
    i2c@1000 {
      reg = <0x0 0x1000 0x0 0x100>;
      #address-cells = <1>;
      #size-cells = <0>;
      codec@1a {
        reg = <0x1a>;
      };
    };
  };
};`);
    const view = new TreeView(tree);
    expect(view.byPath('/soc/sram@50000000/section@80')!.reg).toMatchObject([
      { address: 0x80n, size: 0x80n, cpuAddress: 0x50000080n },
    ]);
    const codec = view.byPath('/soc/i2c@1000/codec@1a')!.reg[0]!;
    expect(codec.address).toBe(0x1an);
    expect(codec.size).toBeUndefined();
    expect(codec.cpuAddress).toBeUndefined();
  });

  it('splits mboxes by each provider and attaches names', () => {
    const tree = treeOf(`/ {
  a: mbox-a {
    #mbox-cells = <2>;
  };
  b: mbox-b {
    #mbox-cells = <0>;
  };
  client {
    mboxes = <&a 1 2>, <&b>, <&a 3 4>;
    mbox-names = "tx", "rx", "db";
  };
};`);
    const r = new TreeView(tree).byPath('/client')!.phandleArray('mboxes', '#mbox-cells');
    expect(r.issues).toEqual([]);
    expect(r.value.map((e) => [e.provider?.name, e.args, e.name, e.source.cell])).toEqual([
      ['mbox-a', [1, 2], 'tx', 0],
      ['mbox-b', [], 'rx', 3],
      ['mbox-a', [3, 4], 'db', 4],
    ]);
  });
});

describe('validateTree', () => {
  it('never throws, even on a hand-made tree without sources', () => {
    const tree = new DeviceTree();
    const n = tree.root.addChild(new Node('optee'));
    expect(() => validateTree(tree)).not.toThrow();
    void n;
  });

  it('skips required properties on disabled nodes but still types what is there', () => {
    const tree = treeOf(`/ {
  firmware {
    optee {
      compatible = "linaro,optee-tz";
      status = "disabled";
    };
    scmi {
      compatible = "arm,scmi-smc";
      status = "disabled";
      arm,smc-id = "x";
    };
  };
};`);
    const codes = validateTree(tree).map((d) => d.code);
    expect(codes).toEqual(['schema/type/not-u32']);
  });
});
