/**
 * qemu.sh against QEMU itself: the generated command, with `-machine dumpdtb=…` added, makes QEMU
 * write the tree of the machine it built; read back with our DTB reader, its CPU count, memory and
 * GIC version must be the board's. Skipped without qemu-system-aarch64.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { preparePlatform } from '../../runtime/platform/prepare.js';
import { renderOutputs } from '../../templates/emit.js';
import { BOARDS_DIR, inputsFor } from './support.js';

const hasQemu = spawnSync('qemu-system-aarch64', ['--version']).status === 0;

function ramBytes(d: ReturnType<typeof preparePlatform>['description']): bigint {
  return d.memory.filter((m) => m.kind === 'memory').reduce((s, m) => s + BigInt(m.size), 0n);
}

describe.skipIf(!hasQemu)('qemu.sh runs QEMU virt shaped like the board', () => {
  for (const board of ['virt-optee.dts', 'gicv2-hvc.dts', 'scmi-smc.dts']) {
    it(board, async () => {
      const inputs = inputsFor(path.join(BOARDS_DIR, board));
      const out = await renderOutputs(['qemu'], inputs);
      const script = out.files.find((f) => f.name === 'qemu.sh');
      expect(script).toBeDefined();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-qemu-'));
      try {
        fs.writeFileSync(path.join(dir, 'qemu.sh'), script!.content);
        const dtb = path.join(dir, 'virt.dtb');
        execFileSync('sh', [path.join(dir, 'qemu.sh'), '-machine', `dumpdtb=${dtb}`, '-display', 'none'], {
          stdio: 'ignore',
          timeout: 30_000,
        });
        const read = compileFile(dtb, { inputFormat: 'dtb' });
        expect(read.tree).toBeDefined();
        const got = preparePlatform(read.tree!).description;
        const want = inputs.description;
        expect(got.cpus.length).toBe(want.cpus.length);
        expect(ramBytes(got)).toBe(ramBytes(want));
        const gic = (d: typeof got) => d.interruptControllers.find((g) => g.primary)?.model;
        expect(gic(got)).toBe(gic(want));
        const cpuCompat = read.tree!.nodeByPath(got.cpus[0]!.path)?.prop('compatible')?.value.strings()[0];
        const wantCpu = /-cpu '([^']+)'/.exec(script!.content)?.[1];
        expect(cpuCompat).toBe(`arm,${wantCpu}`);
        // secure=on shows as QEMU's /secure-chosen node (protocols §7.3).
        expect(read.tree!.nodeByPath('/secure-chosen') !== undefined).toBe(
          script!.content.includes('secure=on'),
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
