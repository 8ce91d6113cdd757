import type { Node } from '../../../compiler/tree/tree.js';
import { isLive } from '../../rules/support/nodes.js';
import { atLeast } from '../data/versions.js';
import { defineKconfigRule, type KconfigContext } from './define.js';
import { tristateOf } from './support/drivers.js';
import { cfg, SCMI_OPTEE_BOARD } from './support/examples.js';
import { supplierEdges } from './support/suppliers.js';

export default defineKconfigRule({
  id: 'kconfig/module-early-provider',
  severity: 'warning',
  summary: 'providers that built-in or early consumers need are not modules (or gone because of one)',
  rationale: `SCMI transports that sit on another subsystem (OP-TEE, VirtIO) were bools inside the SCMI core
from v5.18 to v6.11, guarded by 'depends on OPTEE=y || OPTEE=ARM_SCMI_PROTOCOL': with OP-TEE a module
and the SCMI core built in, the transport resolves to n without a word from olddefconfig or
savedefconfig, the "linaro,scmi-optee" entry is compiled out of scmi_of_match[] and SCMI never probes
(error). From v6.12 the transport is its own tristate module: the same configuration gives
scmi_transport_optee.ko, so the built-in SCMI core probes only once the module is loaded from the root
file system, and its clock, power-domain and reset consumers defer until then (warning). More
generally a provider built as a module makes built-in consumers wait for the root file system.`,
  supersedes: ['kconfig/no-driver'],
  examples: {
    valid: [
      {
        title: 'OP-TEE built in under a built-in SCMI core',
        dts: SCMI_OPTEE_BOARD,
        config: cfg('CONFIG_TEE=y', 'CONFIG_OPTEE=y', 'CONFIG_ARM_SCMI_PROTOCOL=y'),
        kernel: 'v6.1',
      },
      {
        title: 'v6.12: OP-TEE built in, so the transport is built in too',
        dts: SCMI_OPTEE_BOARD,
        config: cfg('CONFIG_TEE=y', 'CONFIG_OPTEE=y', 'CONFIG_ARM_SCMI_PROTOCOL=y'),
        kernel: 'v6.12',
      },
    ],
    invalid: [
      {
        title: 'v6.1: OPTEE=m under ARM_SCMI_PROTOCOL=y drops the OP-TEE transport',
        dts: SCMI_OPTEE_BOARD,
        config: cfg(
          'CONFIG_TEE=y',
          'CONFIG_OPTEE=m',
          'CONFIG_ARM_SCMI_PROTOCOL=y',
          'CONFIG_ARM_SCMI_TRANSPORT_OPTEE=y',
        ),
        kernel: 'v6.1',
      },
      {
        title: 'v6.12: the same makes the transport a module',
        dts: SCMI_OPTEE_BOARD,
        config: cfg('CONFIG_TEE=y', 'CONFIG_OPTEE=m', 'CONFIG_ARM_SCMI_PROTOCOL=y'),
        kernel: 'v6.12',
      },
    ],
  },
  check(ctx, report) {
    const { config } = ctx;
    for (const d of ctx.drivers.all) {
      const b = d.entry.backend;
      if (!b || !d.era) continue;
      const backend = tristateOf(config, b.backend);
      const core = tristateOf(config, b.core);
      if (backend !== 'm' || core !== 'y') continue;
      const at = { node: d.node, property: 'compatible', string: d.index } as const;
      const selectors = config.explain(b.core)?.selectedBy.filter((s) => s.value === 'y') ?? [];
      const blocked = selectors.length
        ? ` (not possible here: ${b.core} is selected by ${selectors.map((s) => s.symbol).join(', ')})`
        : '';
      const ways = `set CONFIG_${b.backend}=y, or build the SCMI core as a module with CONFIG_${b.core}=m${blocked}`;
      const transport = tristateOf(config, b.transport);
      if (!atLeast(ctx.source.kernel, 'v6.12') && transport === 'n')
        report({
          severity: 'error',
          message: `"${d.compatible}" loses its transport: ${b.transport} is n because on ${ctx.source.kernel} it requires ${b.backend}=y or ${b.backend}=${b.core}, and ${b.backend} is m while ${b.core} is y; the entry is compiled out of ${d.era.driver} and SCMI never probes`,
          at,
          hint: ways,
          notes: [
            'olddefconfig and savedefconfig say nothing: the transport line just disappears from .config',
          ],
          symbols: [b.transport, b.backend, b.core],
        });
      else if (transport === 'm')
        report({
          message: `"${d.compatible}" is driven by a module: ${b.transport} is m (${d.era.module}.ko) under a built-in ${b.core}, so SCMI probes only after the module loads from the root file system and its consumers defer until then`,
          at,
          hint: ways,
          symbols: [b.transport, b.backend, b.core],
        });
    }
    // Providers built as modules that built-in consumers of our families depend on.
    for (const d of ctx.drivers.all) {
      if (d.built !== 'm' || d.entry.backend) continue;
      for (const consumer of builtInConsumers(ctx, d.node)) {
        report({
          message: `${d.node.path} ("${d.compatible}") is built as a module (${d.era?.module ?? 'module'}.ko) but the built-in driver of ${consumer.path} needs it: that probe waits for the root file system`,
          at: { node: d.node, property: 'compatible', string: d.index },
          hint: `build ${d.era?.symbols
            .filter((s) => tristateOf(ctx.config, s) === 'm')
            .map((s) => `CONFIG_${s}=y`)
            .join(' ')}`,
          related: [{ at: { node: consumer }, message: 'built-in consumer' }],
          symbols: d.era?.symbols.filter((s) => tristateOf(ctx.config, s) === 'm') ?? [],
        });
        break;
      }
    }
  },
});

function builtInConsumers(ctx: KconfigContext, provider: Node): Node[] {
  const out: Node[] = [];
  for (const c of ctx.drivers.all) {
    if (c.built !== 'y' || c.node === provider || !isLive(c.node)) continue;
    if (supplierEdges(ctx.view, c.node).some((e) => e.supplier === provider)) out.push(c.node);
  }
  return out;
}
