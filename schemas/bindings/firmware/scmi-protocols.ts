import { z } from 'zod';
import type { ChildSchema, NodeSchema, Rule } from '../../define.js';
import { phandleEntryWithArgs, t } from '../../types/dt.js';
import { hex } from '../../types/phandles.js';
import { compatibleOf } from '../../types/status.js';

/**
 * SCMI protocol child nodes (`$defs/protocol-node` of `firmware/arm,scmi.yaml`): `reg` is the protocol
 * id; a protocol may have its own channel, described with the same transport properties as the SCMI
 * node (`mboxes`/`shmem` for mailboxes, `linaro,optee-channel-id` for OP-TEE). Linux's SMC transport
 * also reads `arm,smc-id` and `shmem` from a protocol node for a dedicated SMC channel; the upstream
 * schema does not list `arm,smc-id` there, so we accept it and say so.
 */

/**
 * Name lists dt-schema spells as `oneOf: [items: [a, b, …], minItems: n]`: any prefix of one of the
 * lists that is at least its `min` long.
 */
export function namePrefixes(...groups: readonly (readonly [readonly string[], number])[]) {
  const options: string[][] = [];
  for (const [names, min] of groups)
    for (let n = min; n <= names.length; n++) options.push(names.slice(0, n));
  const text = options.map((o) => `"${o.join('", "')}"`).join(' | ');
  return z
    .array(z.string())
    .refine((v) => options.some((o) => o.length === v.length && o.every((s, i) => s === v[i])), {
      message: `must be one of: ${text}`,
    });
}

export type ScmiTransport = 'mailbox' | 'smc' | 'optee' | 'virtio';

export function transportOf(compatible: readonly string[]): ScmiTransport | undefined {
  if (compatible.includes('arm,scmi')) return 'mailbox';
  if (compatible.some((c) => c === 'arm,scmi-smc' || c === 'arm,scmi-smc-param' || c === 'qcom,scmi-smc'))
    return 'smc';
  if (compatible.includes('linaro,scmi-optee')) return 'optee';
  if (compatible.includes('arm,scmi-virtio')) return 'virtio';
  return undefined;
}

/** Valid (mboxes, shmem) counts and what they mean (from the binding's description). */
export const MAILBOX_LAYOUTS: Readonly<Record<string, string>> = {
  '1/1': 'TX over one bidirectional channel',
  '2/2': 'TX and RX over two bidirectional channels',
  '2/1': 'TX over two unidirectional channels',
  '3/2': 'TX and RX over three unidirectional channels',
  '4/2': 'TX and RX over four unidirectional channels',
};

const channelProperties = {
  mboxes: t.phandleArray('#mbox-cells').min(1).max(3).optional(),
  'mbox-names': t.stringList(namePrefixes([['tx', 'rx'], 1], [['tx', 'tx_reply', 'rx'], 2])).optional(),
  shmem: t.phandleArray(null, phandleEntryWithArgs(0)).min(1).max(2).optional(),
  'linaro,optee-channel-id': t.u32().optional(),
  'arm,smc-id': t.u32().optional(),
};

const protocolChannel: Rule = {
  id: 'protocol-channel',
  severity: 'error',
  summary: "a protocol's dedicated channel uses the SCMI node's transport and is complete",
  check({ node, view, report }) {
    const transport = node.parent ? transportOf(compatibleOf(node.parent)) : undefined;
    const has = (n: string) => node.prop(n) !== undefined;
    const foreign: Record<ScmiTransport, string[]> = {
      mailbox: ['linaro,optee-channel-id', 'arm,smc-id'],
      smc: ['mboxes', 'mbox-names', 'linaro,optee-channel-id'],
      optee: ['mboxes', 'mbox-names', 'arm,smc-id'],
      virtio: ['mboxes', 'mbox-names', 'shmem', 'linaro,optee-channel-id', 'arm,smc-id'],
    };
    if (!transport) return;
    for (const p of foreign[transport])
      if (has(p))
        report({
          property: p,
          message: `'${p}' does not apply to the ${transport} transport of the SCMI node`,
        });
    if (transport === 'mailbox' && has('mboxes') !== has('shmem'))
      report({
        property: has('mboxes') ? 'mboxes' : 'shmem',
        message: "a dedicated mailbox channel needs both 'mboxes' and 'shmem'",
      });
    if (transport === 'mailbox' && has('mboxes') && has('shmem')) {
      const m = view.phandleArray('mboxes', '#mbox-cells').value.length;
      const s = view.phandleArray('shmem', null).value.length;
      if (m > 0 && s > 0 && (!MAILBOX_LAYOUTS[`${m}/${s}`] || m === 4))
        report({
          rule: 'mbox-shmem-layout',
          property: 'mboxes',
          message: `${m} mailbox(es) with ${s} shared-memory area(s) is not a valid protocol channel layout`,
          hint: 'use 1/1, 2/2, 2/1 or 3/2 mboxes/shmem',
        });
    }
    if (transport === 'smc' && has('shmem') !== has('arm,smc-id'))
      report({
        property: has('shmem') ? 'shmem' : 'arm,smc-id',
        message: "a dedicated SMC channel needs both 'shmem' and 'arm,smc-id'",
      });
    if (transport === 'optee' && has('shmem') && !has('linaro,optee-channel-id'))
      report({ property: 'shmem', message: "a dedicated OP-TEE channel needs 'linaro,optee-channel-id'" });
    if (transport === 'smc' && has('arm,smc-id'))
      report({
        rule: 'protocol-smc-id',
        severity: 'info',
        property: 'arm,smc-id',
        message:
          "per-protocol 'arm,smc-id' is read by Linux's SMC transport but not listed by the upstream binding",
      });
  },
};

function protocol(id: number, extra: z.ZodRawShape, more: Partial<NodeSchema> = {}): ChildSchema {
  const reg = t.reg(
    z.looseObject({
      address: z.literal(BigInt(id), {
        message: `the protocol id in 'reg' must be ${hex(id)}, as the node name says`,
      }),
    }),
  );
  return {
    name: `protocol@${id.toString(16)}`,
    schema: {
      properties: z.strictObject({ reg: reg.max(1), ...channelProperties, ...extra }),
      ...more,
      rules: [protocolChannel, ...(more.rules ?? [])],
    },
  };
}

const one = () => t.u32(z.literal(1));

const regulators: NodeSchema = {
  properties: z.strictObject({
    '#address-cells': one().optional(),
    '#size-cells': t.u32(z.literal(0)).optional(),
  }),
  children: [
    {
      name: /^regulator@[0-9a-f]+$/,
      schema: {
        // regulator.yaml's properties (`regulator-*` and supplies) are typed loosely here.
        properties: z.object({ reg: t.reg().max(1), 'regulator-name': t.string().optional() }),
        patternProperties: [{ pattern: /^regulator-.*-microvolt$/, schema: t.cells() }],
      },
    },
  ],
};

export const PROTOCOL_CHILDREN: readonly ChildSchema[] = [
  protocol(0x11, { '#power-domain-cells': one() }),
  protocol(0x12, {}),
  protocol(
    0x13,
    { '#clock-cells': one().optional(), '#power-domain-cells': one().optional() },
    {
      rules: [
        {
          id: 'perf-provider',
          severity: 'error',
          summary: 'the performance protocol is either a clock provider or a power-domain provider',
          check({ node, report }) {
            const clk = node.prop('#clock-cells') !== undefined;
            const pd = node.prop('#power-domain-cells') !== undefined;
            if (clk === pd)
              report({
                message: clk
                  ? "protocol@13 has both '#clock-cells' and '#power-domain-cells'; it must be exactly one"
                  : "protocol@13 needs '#clock-cells' or '#power-domain-cells'",
              });
          },
        },
      ],
    },
  ),
  protocol(0x14, { '#clock-cells': one() }),
  protocol(0x15, { '#thermal-sensor-cells': one() }),
  protocol(0x16, { '#reset-cells': one() }),
  protocol(0x17, {}, { children: [{ name: 'regulators', schema: regulators }] }),
  protocol(0x18, {}),
  {
    name: 'protocol@19',
    schema: {
      // pinctrl.yaml / the i.MX95 pinctrl extension: pin configuration children are free-form here.
      properties: z.object({ reg: t.reg().max(1), ...channelProperties }),
      additionalChildren: true,
      rules: [protocolChannel],
    },
  },
  {
    // Vendor protocols (0x80-0xff) come from vendor extensions (i.MX95: 0x80-0x84); accepted as-is.
    name: /^protocol@[89a-f][0-9a-f]$/,
    schema: { properties: z.object({ reg: t.reg().max(1) }), additionalChildren: true },
  },
];
