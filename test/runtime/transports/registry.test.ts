import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../../../runtime/core/memory.js';
import { Scheduler } from '../../../runtime/core/scheduler.js';
import { Trace } from '../../../runtime/core/trace.js';
import { MailboxFramework } from '../../../runtime/linux/mailbox/framework.js';
import { ScmiFirmware } from '../../../runtime/scmi/firmware.js';
import { directOpteeClient } from '../../../runtime/transports/direct.js';
import { TRANSPORT_COMPATIBLES, transports } from '../../../runtime/transports/index.js';
import { MAILBOX_LAYOUTS } from '../../../runtime/transports/mailbox.js';
import scmiBinding from '../../../schemas/bindings/firmware/arm,scmi.js';
import { MAILBOX_LAYOUTS as SCHEMA_LAYOUTS } from '../../../schemas/bindings/firmware/scmi-protocols.js';

describe('transport registry', () => {
  const scheduler = new Scheduler();
  const trace = new Trace(() => scheduler.now);
  const mem = new PhysicalMemory();
  const env = { scheduler, trace, mem };
  const firmware = new ScmiFirmware({ agents: [], channels: [] }, mem);
  const list = transports(env, {
    mailboxes: new MailboxFramework(trace),
    optee: directOpteeClient(firmware),
  });

  it('covers every compatible of the SCMI binding except virtio, each once, with Linux limits', () => {
    const compatibles = list.flatMap((t) => [...t.compatible]);
    expect(new Set(compatibles).size).toBe(compatibles.length);
    expect(new Set([...compatibles, 'arm,scmi-virtio'])).toEqual(new Set(scmiBinding.compatible));
    for (const t of list) {
      expect(TRANSPORT_COMPATIBLES[t.compatible[0]!]).toBe(t.name);
      expect(t.limits).toMatchObject({ maxMsgSize: 104, maxMsg: 20, maxRxTimeoutMs: 30 });
    }
    expect(Object.keys(TRANSPORT_COMPATIBLES).sort()).toEqual([...compatibles].sort());
  });

  it('every transport file is registered; mailbox layouts match the schema table', () => {
    const dir = fileURLToPath(new URL('../../../runtime/transports/', import.meta.url));
    const transportFiles = readdirSync(dir).filter((f) => ['smc.ts', 'mailbox.ts', 'optee.ts'].includes(f));
    expect(transportFiles.sort()).toEqual(list.map((t) => `${t.name}.ts`).sort());
    expect(Object.keys(MAILBOX_LAYOUTS).sort()).toEqual(Object.keys(SCHEMA_LAYOUTS).sort());
  });
});
