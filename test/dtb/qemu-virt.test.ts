/**
 * QEMU as an oracle for the DTB reader: the blob QEMU generates for its `virt` machine
 * (`-machine virt,dumpdtb=…`) reads without errors, carries the machine we asked for, and
 * re-emits exactly as dtc re-emits it. Skipped when qemu-system-aarch64 is not installed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { writeDtb } from '../../compiler/dtb/writer.js';
import { haveCommand } from '../support/shared.js';

const machines = [
  { gic: 3, smp: 4, mem: 1024, secure: true },
  { gic: 2, smp: 2, mem: 512, secure: false },
];

describe.skipIf(!haveCommand('qemu-system-aarch64'))('QEMU virt blobs', () => {
  for (const m of machines) {
    it(`reads virt gic-version=${m.gic} smp=${m.smp} secure=${m.secure}`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-qemu-'));
      const blob = path.join(dir, 'virt.dtb');
      const run = spawnSync(
        'qemu-system-aarch64',
        [
          '-machine',
          `virt,gic-version=${m.gic},secure=${m.secure ? 'on' : 'off'},dumpdtb=${blob}`,
          '-cpu',
          'cortex-a57',
          '-smp',
          String(m.smp),
          '-m',
          String(m.mem),
          '-nographic',
        ],
        { timeout: 20_000 },
      );
      expect(run.status).toBe(0);
      const result = compileFile(blob, { inputFormat: 'dtb' });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const tree = result.tree!;
      const cpus = tree.nodeByPath('/cpus')!.liveChildren.filter((c) => c.name.startsWith('cpu@'));
      expect(cpus).toHaveLength(m.smp);
      const memory = tree.root.liveChildren.find((c) => c.name.startsWith('memory@'))!;
      const reg = memory.prop('reg')!.value.cells();
      expect(BigInt(reg[2]!) * 2n ** 32n + BigInt(reg[3]!)).toBe(BigInt(m.mem) * 2n ** 20n);
      const gic = tree.root.walk().find((n) => n.prop('interrupt-controller') && n.parent === tree.root)!;
      const compatible = gic.prop('compatible')!.value.strings();
      expect(compatible).toContain(m.gic === 3 ? 'arm,gic-v3' : 'arm,cortex-a15-gic');
      if (m.secure) expect(tree.nodeByPath('/secure-chosen')).toBeDefined();
      if (haveCommand('dtc')) {
        const dtc = spawnSync('dtc', ['-q', '-I', 'dtb', '-O', 'dtb', blob], { maxBuffer: 8 << 20 });
        expect(Buffer.from(writeDtb(tree)).equals(dtc.stdout)).toBe(true);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }
});
