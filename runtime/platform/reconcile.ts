/**
 * Profile against tree: every place where the secure world's build configuration and the
 * normal-world DT disagree. Each finding names the DT node (and property), the profile key, and
 * what a real board does when they disagree; the run then shows that outcome happening. Codes are
 * stable (`sim/…`); tests assert them, never the wording.
 */

import { usesHvc } from './derive-profile.js';
import type { PlatformDescription } from './description.js';
import type { FirmwareProfile } from './profile.js';

export interface SimFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  nodePath: string;
  property?: string;
  /** Dotted key of the profile setting involved. */
  profileKey: string;
  message: string;
  /** What a real board would do. */
  outcome: string;
}

/** The catalog of `sim/` codes, for `dtpc explain`-style listing and the registry test. */
export const SIM_CODES = {
  'sim/optee-notif-intid': 'the notification interrupt in the tree is not the one OP-TEE raises',
  'sim/optee-notif-no-interrupt': 'OP-TEE has async notifications but the optee node has no interrupts',
  'sim/optee-notif-unused': 'the optee node has an interrupt but OP-TEE has no async notifications',
  'sim/optee-absent': 'the tree has an optee node but the firmware has no OP-TEE',
  'sim/scmi-optee-disabled': 'SCMI over OP-TEE with no usable OP-TEE node: probe deferred forever',
  'sim/scmi-shmem-unused': 'an SCMI shmem area the server does not use',
  'sim/scmi-channel-unknown': 'an SCMI channel id the server does not have',
  'sim/scmi-server-missing': 'an SCMI node but no SCMI server in the firmware',
  'sim/scmi-resource-missing': 'a consumer uses an SCMI resource the server does not have',
  'sim/hvc-no-el2': "an 'hvc' conduit with nothing at EL2",
  'sim/smc-id-not-served': 'an SMC function id the firmware does not serve',
  'sim/smccc-version': 'SCMI over SMC needs SMCCC 1.1 or later',
  'sim/mailbox-unused': 'an SCMI mailbox doorbell the server does not listen to',
  'sim/profile-invalid': 'the firmware profile does not validate',
  'sim/profile-read': 'the firmware profile cannot be read or parsed',
  'sim/scenario-invalid': 'the scenario does not validate',
  'sim/config-invalid': 'platform.json does not validate',
  'sim/tree-issue': 'the tree cannot be described as given',
  'sim/not-modelled': 'a firmware interface outside the modelled families',
  'sim/probe-failed': 'a driver probe failed',
  'sim/probe-deferred': 'a driver probe is still deferred when the boot settles',
  'sim/expectation-failed': 'a scenario expectation failed',
  'sim/runtime': 'the runtime reported what a real board would have done',
} as const;

export type SimCode = keyof typeof SIM_CODES;

export function reconcile(d: PlatformDescription, p: FirmwareProfile): SimFinding[] {
  const out: SimFinding[] = [];
  const add = (f: SimFinding & { code: SimCode }) => out.push(f);

  // OP-TEE and its notification interrupt (protocols §2.7 step 11, §2.8).
  for (const o of d.optee) {
    if (!o.enabled) continue;
    if (!p.optee.enabled) {
      add({
        code: 'sim/optee-absent',
        severity: 'error',
        nodePath: o.path,
        property: 'compatible',
        profileKey: 'optee.enabled',
        message: `${o.path} describes OP-TEE, but the firmware profile has none (optee.enabled: false)`,
        outcome:
          'the OP-TEE driver reads an unknown UID from EL3 ("api uid mismatch") and fails with -EINVAL',
      });
      continue;
    }
    const irq = o.interrupts[0];
    const n = p.optee.asyncNotif;
    if (n.enabled && !irq)
      add({
        code: 'sim/optee-notif-no-interrupt',
        severity: 'error',
        nodePath: o.path,
        property: 'interrupts',
        profileKey: 'optee.asyncNotif.enabled',
        message: `OP-TEE advertises asynchronous notifications (INTID ${n.intid}) but ${o.path} has no 'interrupts'`,
        outcome: 'optee_probe fails: platform_get_irq() finds no interrupt and Linux has no fallback',
      });
    else if (n.enabled && irq && irq.intid !== n.intid)
      add({
        code: 'sim/optee-notif-intid',
        severity: 'warning',
        nodePath: o.path,
        property: 'interrupts',
        profileKey: 'optee.asyncNotif.intid',
        message: `${o.path} listens on INTID ${irq.intid} but OP-TEE raises INTID ${n.intid} (CFG_CORE_ASYNC_NOTIF_GIC_INTID)`,
        outcome: 'notifications never arrive: OP-TEE pends an interrupt nobody handles, waiters time out',
      });
    else if (!n.enabled && irq)
      add({
        code: 'sim/optee-notif-unused',
        severity: 'info',
        nodePath: o.path,
        property: 'interrupts',
        profileKey: 'optee.asyncNotif.enabled',
        message: `${o.path} has a notification interrupt but OP-TEE is built without CFG_CORE_ASYNC_NOTIF`,
        outcome: 'the driver ignores the interrupt (no ASYNC_NOTIF capability); nothing is ever raised on it',
      });
  }

  // HVC users need something at EL2.
  if (usesHvc(d) && !p.el2.hypervisor) {
    const who =
      d.smcccConduit === 'hvc' && d.psci
        ? { path: d.psci.path, property: 'method' }
        : (d.optee.find((o) => o.enabled && o.method === 'hvc') && {
            path: d.optee.find((o) => o.enabled && o.method === 'hvc')!.path,
            property: 'method',
          }) || {
            path: d.mailboxes.find((m) => m.enabled && m.method === 'hvc')?.path ?? '/',
            property: 'compatible',
          };
    add({
      code: 'sim/hvc-no-el2',
      severity: 'error',
      nodePath: who.path,
      property: who.property,
      profileKey: 'el2.hypervisor',
      message: `${who.path} uses the 'hvc' conduit but nothing runs at EL2 (el2.hypervisor: false)`,
      outcome:
        'HVC is an undefined instruction without EL2 software: the kernel takes an exception and the call never returns',
    });
  }

  // SCMI.
  const channelByShmem = new Map(p.scmi.channels.flatMap((c) => (c.shmem ? [[c.shmem.base, c]] : [])));
  const opteePresent = d.optee.some((o) => o.enabled);
  for (const s of d.scmi) {
    if (!s.enabled || s.transport === 'virtio') continue;
    if (p.scmi.server === 'none') {
      add({
        code: 'sim/scmi-server-missing',
        severity: 'error',
        nodePath: s.path,
        property: 'compatible',
        profileKey: 'scmi.server',
        message: `${s.path} is an SCMI agent but the firmware profile has no SCMI server`,
        outcome:
          'the first SCMI request is never answered: the SCMI core times out and the agent fails to probe',
      });
      continue;
    }
    if (s.transport === 'optee' && !opteePresent)
      add({
        code: 'sim/scmi-optee-disabled',
        severity: 'error',
        nodePath: s.path,
        property: 'compatible',
        profileKey: 'optee.enabled',
        message: `${s.path} uses SCMI over OP-TEE, but no enabled 'linaro,optee-tz' node exists`,
        outcome:
          'the OP-TEE driver never binds, the SCMI PTA never appears on the tee bus: the SCMI agent and every consumer stay deferred forever',
      });
    if (
      (s.transport === 'smc' || s.transport === 'smc-param' || s.transport === 'qcom-smc') &&
      versionBelow(p.smccc.version, 1, 1)
    )
      add({
        code: 'sim/smccc-version',
        severity: 'error',
        nodePath: s.path,
        property: 'compatible',
        profileKey: 'smccc.version',
        message: `${s.path} needs SMCCC 1.1 or later; the firmware reports ${p.smccc.version}`,
        outcome: 'arm_smccc_1_1_invoke has no conduit: the SMC transport fails its setup with -EOPNOTSUPP',
      });
    for (const ch of s.channels) {
      if (ch.direction !== 'tx') continue;
      if (ch.shmem?.base && !channelByShmem.has(ch.shmem.base))
        add({
          code: 'sim/scmi-shmem-unused',
          severity: 'error',
          nodePath: ch.owner,
          property: 'shmem',
          profileKey: 'scmi.channels[].shmem.base',
          message: `${ch.owner} puts its SCMI messages at ${ch.shmem.base} (${ch.shmem.path}), an area the SCMI server does not read`,
          outcome:
            'the server never reads the request: a transport that completes on return reads its own request back as the answer (base discovery finds no protocols, consumers stay deferred); one that waits for completion times out',
        });
      if (
        s.transport === 'optee' &&
        ch.opteeChannelId !== null &&
        !p.scmi.channels.some((c) => c.id === ch.opteeChannelId)
      )
        add({
          code: 'sim/scmi-channel-unknown',
          severity: 'error',
          nodePath: ch.owner,
          property: 'linaro,optee-channel-id',
          profileKey: 'scmi.channels[].id',
          message: `${ch.owner} asks for SCMI channel ${ch.opteeChannelId}, which OP-TEE's SCMI server does not have`,
          outcome: 'the PTA answers GET_CHANNEL with TEE_ERROR_BAD_PARAMETERS and the channel setup fails',
        });
      if (ch.smcId !== null && !p.sip.functionIds.includes(ch.smcId))
        add({
          code: 'sim/smc-id-not-served',
          severity: 'error',
          nodePath: ch.owner,
          property: 'arm,smc-id',
          profileKey: 'sip.functionIds',
          message: `${ch.owner} rings SCMI with SMC 0x${ch.smcId.toString(16)}, which TF-A does not serve`,
          outcome:
            'EL3 answers SMC_UNK (-1): the SCMI SMC transport reports -EOPNOTSUPP and the agent fails to probe',
        });
      for (const m of ch.mboxes.slice(0, 1)) {
        const mb = d.mailboxes.find((x) => x.path === m.controller);
        if (!mb) continue;
        if (mb.kind === 'smc-mbox' || mb.kind === 'hvc-mbox') {
          const fid = mb.funcIds[mb.cells === 0 ? 0 : (m.args[0] ?? 0)];
          if (fid !== undefined && !p.sip.functionIds.includes(fid))
            add({
              code: 'sim/smc-id-not-served',
              severity: 'error',
              nodePath: mb.path,
              property: mb.funcIds.length > 1 ? 'arm,func-ids' : 'arm,func-id',
              profileKey: 'sip.functionIds',
              message: `${mb.path} issues function id 0x${fid.toString(16)}, which the firmware does not serve`,
              outcome:
                'the call returns SMC_UNK: the mailbox reports the message done but no response is ever written',
            });
        } else if (mb.kind === 'mhu' || mb.kind === 'mhu-doorbell') {
          const served = p.scmi.channels.some(
            (c) => c.mailbox && c.mailbox.controller === mb.path && c.mailbox.channel === (m.args[0] ?? 0),
          );
          if (!served)
            add({
              code: 'sim/mailbox-unused',
              severity: 'error',
              nodePath: ch.owner,
              property: 'mboxes',
              profileKey: 'scmi.channels[].mailbox',
              message: `${ch.owner} rings ${mb.path} channel ${m.args[0] ?? 0}, which the SCP does not listen to`,
              outcome: 'the doorbell is never answered: every SCMI call times out',
            });
        }
      }
    }
  }

  // Consumers of SCMI resources the server does not have.
  const counts: Record<number, { n: number; key: string }> = {
    17: { n: p.scmi.powerDomains.length, key: 'scmi.powerDomains' },
    19: { n: p.scmi.perfDomains.length, key: 'scmi.perfDomains' },
    20: { n: p.scmi.clocks.length, key: 'scmi.clocks' },
    22: { n: p.scmi.resets.length, key: 'scmi.resets' },
    23: { n: p.scmi.voltageDomains.length, key: 'scmi.voltageDomains' },
  };
  if (p.scmi.server !== 'none')
    for (const c of d.consumers) {
      if (!c.enabled) continue;
      for (const u of c.uses) {
        const have = counts[u.protocol];
        if (!have || u.id < have.n) continue;
        add({
          code: 'sim/scmi-resource-missing',
          severity: 'warning',
          nodePath: c.path,
          property: u.property,
          profileKey: have.key,
          message: `${c.path} uses SCMI ${u.kind} ${u.id}; the server has ${have.n}`,
          outcome: `the SCMI core finds no ${u.kind} ${u.id} (NOT_FOUND): the consumer's probe fails`,
        });
      }
    }
  return out;
}

function versionBelow(version: string, major: number, minor: number): boolean {
  const [a, b] = version.split('.').map(Number);
  return (a ?? 0) < major || ((a ?? 0) === major && (b ?? 0) < minor);
}
