import { defineRule } from './define.js';
import { CONSUMER_PROPERTIES, declaredCells, providerEntries } from './support/consumers.js';
import { board } from './support/examples.js';
import { scmiProviderHint } from './support/provider-kind.js';

const SCMI = `
  reserved-memory {
    #address-cells = <1>;
    #size-cells = <1>;
    ranges;
    shm: shmem@10f000 {
      compatible = "arm,scmi-shmem";
      reg = <0x10f000 0x100>;
    };
  };
  firmware {
    scmi {
      compatible = "arm,scmi-smc";
      arm,smc-id = <0x82000010>;
      shmem = <&shm>;
      #address-cells = <1>;
      #size-cells = <0>;
      scmi_clk: protocol@14 {
        reg = <0x14>;
        #clock-cells = <1>;
      };
      scmi_reset: protocol@16 {
        reg = <0x16>;
        #reset-cells = <1>;
      };
    };
  };`;

export default defineRule({
  id: 'wiring/provider-cells',
  severity: 'error',
  summary: "each clocks/resets/power-domains/mboxes entry has as many cells as its provider's #…-cells",
  rationale: `A phandle-array is split by reading each provider's '#clock-cells', '#reset-cells',
'#power-domain-cells' or '#mbox-cells'; an entry written with one cell too many or too few shifts every
entry after it, so Linux asks the wrong provider for the wrong id, or fails to parse the property. The
entries are taken as the source wrote them (one '&label' per entry), so the finding points at the entry
that is wrong, not at the first one that stops parsing. A provider without the cells property is not a
provider of that kind at all: typically the wrong SCMI protocol node (a reset domain used as a clock).`,
  supersedes: ['schema/type/truncated-specifier', 'schema/type/missing-cells-property'],
  examples: {
    valid: [
      {
        title: 'a clock and a reset from the SCMI clock and reset protocols',
        dts: board(`${SCMI}
  dev@1000 {
    reg = <0x1000 0x100>;
    clocks = <&scmi_clk 3>;
    resets = <&scmi_reset 1>;
  };`),
      },
    ],
    invalid: [
      {
        title: 'a clock entry with two cells; a clock taken from the reset protocol',
        dts: board(`${SCMI}
  dev@1000 {
    reg = <0x1000 0x100>;
    clocks = <&scmi_clk 3 4>, <&scmi_reset 2>;
  };`),
        expect: ['<&scmi_clk [3 4]>', '<[&scmi_reset] 2>'],
      },
    ],
  },
  check(view, report) {
    for (const node of view.tree.root.walk())
      for (const cp of CONSUMER_PROPERTIES) {
        if (cp.cells === null || cp.property === 'interrupts-extended') continue;
        const prop = node.prop(cp.property);
        if (!prop) continue;
        for (const e of providerEntries(node, prop, cp, view.phandles)) {
          if (!e.provider) continue;
          const declared = declaredCells(e.provider, cp);
          const args = e.source.count - 1;
          if (declared === undefined) {
            const hint = scmiProviderHint(e.provider, cp.cells);
            report({
              message: `'${cp.property}' refers to ${e.provider.path}, which is not a ${cp.kind} provider (no '${cp.cells}')`,
              hint: hint ?? `point at a ${cp.kind} provider, or add '${cp.cells}' to ${e.provider.path}`,
              at: { ref: e.phandleRef },
              related: [{ at: { node: e.provider }, message: 'the referenced node' }],
            });
            continue;
          }
          if (declared === args) continue;
          const cellsProp = { node: e.provider, property: cp.cells, cell: 0 };
          report({
            message: `'${cp.property}' entry for ${e.provider.path} has ${args} argument cell(s); its '${cp.cells}' is ${declared}`,
            hint: `write <&label${' id'.repeat(declared)}>`,
            at: { ref: args > 0 ? { ...e.source, cell: e.source.cell + 1, count: args } : e.phandleRef },
            related: [{ at: cellsProp, message: `'${cp.cells}' = <${declared}>` }],
          });
        }
      }
  },
});
