import { z } from 'zod';
import { defineBinding } from '../../define.js';
import { phandleEntryWithArgs, t } from '../../types/dt.js';
import { board } from '../examples.js';

/**
 * dt-schema's `mbox/mbox-consumer.yaml` (select: true): `mboxes` split by each provider's
 * `#mbox-cells`, `mbox-names` only with `mboxes`, `shmem` as bare phandles.
 */
export default defineBinding({
  id: 'core/mbox-consumer',
  summary: 'mailbox consumers: mboxes, mbox-names, shmem',
  compatible: [],
  select: (node) =>
    node.prop('mboxes') !== undefined ||
    node.prop('mbox-names') !== undefined ||
    node.prop('shmem') !== undefined,
  properties: z.object({
    mboxes: t.phandleArray('#mbox-cells').optional(),
    'mbox-names': t.stringList().optional(),
    shmem: t
      .phandleArray(
        null,
        phandleEntryWithArgs(0).refine((e) => e.provider !== null, { message: 'empty shmem entry' }),
      )
      .optional(),
  }),
  rules: [
    {
      id: 'names-without-mboxes',
      severity: 'error',
      summary: "'mbox-names' needs 'mboxes'",
      check({ node, report }) {
        if (node.prop('mbox-names') && !node.prop('mboxes'))
          report({ property: 'mbox-names', message: "'mbox-names' without 'mboxes'" });
      },
    },
    {
      id: 'names-count',
      severity: 'warning',
      summary: "'mbox-names' names each mailbox once",
      check({ view, report }) {
        const names = view.strings('mbox-names');
        const mboxes = view.phandleArray('mboxes', '#mbox-cells');
        if (!names || mboxes.issues.length > 0 || mboxes.value.length === 0) return;
        if (names.length !== mboxes.value.length)
          report({
            property: 'mbox-names',
            message: `${names.length} mailbox name(s) for ${mboxes.value.length} mailbox(es)`,
          });
      },
    },
  ],
  examples: [
    {
      title: 'two channels of a two-cell provider',
      valid: true,
      dts: board(`
  mbox: mbox {
    #mbox-cells = <2>;
  };
  mem: shmem {
  };
  client {
    mboxes = <&mbox 0 0>, <&mbox 0 1>;
    mbox-names = "tx", "rx";
    shmem = <&mem>;
  };`),
    },
    {
      title: 'specifier shorter than #mbox-cells; provider without #mbox-cells',
      valid: false,
      dts: board(`
  mbox: mbox {
    #mbox-cells = <2>;
  };
  plain: plain {
  };
  a {
    mboxes = <&mbox 0>;
  };
  b {
    mboxes = <&plain 1>;
    mbox-names = "tx", "rx";
  };`),
      expect: [
        { code: 'schema/type/truncated-specifier', at: '&mbox 0' },
        { code: 'schema/type/missing-cells-property', at: '&plain' },
      ],
    },
  ],
});
