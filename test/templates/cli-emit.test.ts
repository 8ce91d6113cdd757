/** cli/emit.ts: the list parser and writing every output for a bundled platform folder. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitInputsFor, emitOutputs, parseEmitList } from '../../cli/emit.js';
import { UsageError } from '../../cli/io.js';
import { main } from '../../cli/program.js';
import { NodeFileSystem } from '../../compiler/source/file-system.js';
import { loadPlatform } from '../../runtime/platform/load.js';
import { EMIT_KINDS } from '../../templates/emit.js';

describe('cli/emit', () => {
  it('parses --emit lists', () => {
    expect(parseEmitList('qemu, renode')).toEqual(['qemu', 'renode']);
    expect(parseEmitList('all')).toEqual([...EMIT_KINDS]);
    expect(() => parseEmitList('qemu,bogus')).toThrow(UsageError);
    expect(() => parseEmitList('')).toThrow(UsageError);
  });

  it('writes every output of platforms/virt-optee, with the scenario timeline in the report', async () => {
    const input = 'platforms/virt-optee';
    const loaded = loadPlatform({ input, compile: {}, fs: new NodeFileSystem() });
    expect(loaded.ok).toBe(true);
    const inputs = emitInputsFor(loaded, EMIT_KINDS, input);
    expect(inputs).toBeDefined();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-emit-'));
    try {
      const result = await emitOutputs(EMIT_KINDS, inputs!, out);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(fs.readdirSync(out).sort()).toEqual(
        ['kconfig.fragment', 'platform.repl', 'qemu.sh', 'report.html', 'wiring.dot', 'wiring.svg'].sort(),
      );
      expect(fs.statSync(path.join(out, 'qemu.sh')).mode & 0o111).not.toBe(0);
      const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
      expect(html).toContain('<h2 id="timeline">');
      expect(html).toContain('<svg');
      expect(html).toContain('platforms/virt-optee/board.dts');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('dtpc build --emit qemu,renode writes them beside platform.json; an unknown kind is a usage error', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-emit-'));
    const stderr = process.stderr.write;
    process.stderr.write = () => true;
    try {
      expect(await main(['build', 'platforms/virt-optee', '-o', out, '--emit', 'qemu,renode'])).toBe(0);
      expect(fs.readdirSync(out).sort()).toEqual(['platform.json', 'platform.repl', 'qemu.sh']);
      expect(await main(['build', 'platforms/virt-optee', '-o', out, '--emit', 'nope'])).toBe(2);
    } finally {
      process.stderr.write = stderr;
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
