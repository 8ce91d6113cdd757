/**
 * The DTB reader on hostile blobs (with reference restoration from `__symbols__`/`__fixups__`), and
 * the writer and printer on whatever tree it gives. Oracle: only `dtb/` diagnostics, never a throw;
 * a tree read once writes a blob that reads back to the same blob (the reader is idempotent).
 */
import * as path from 'node:path';
import fc from 'fast-check';
import { compileFile, compileText } from '../../../compiler/compile.js';
import { readDtb } from '../../../compiler/dtb/reader.js';
import { writeDtb } from '../../../compiler/dtb/writer.js';
import { printDts } from '../../../compiler/dts/printer.js';
import { MemoryFileSystem } from '../../../compiler/source/file-system.js';
import { mutateBytes } from '../support/mutate.js';
import { checkBounded, checkDiagnostics } from '../support/oracles.js';
import { PLATFORM_INCLUDE, PLATFORMS, platformNames } from '../support/seeds.js';
import { defineTarget, expectThat } from '../support/target.js';

const OVERLAY = `/dts-v1/;
/plugin/;
&ext { status = "okay"; ref = <&ext &local 1>; };
/ { local: l@1 { reg = <1>; p = <&local>; }; };
`;

function seedBlobs(): Uint8Array[] {
  const blobs: Uint8Array[] = [];
  for (const name of platformNames()) {
    const dir = path.join(PLATFORMS, name);
    const r = compileFile(path.join(dir, 'board.dts'), {
      includeDirs: [PLATFORM_INCLUDE, dir],
      symbols: true,
    });
    if (r.tree) blobs.push(writeDtb(r.tree, { reserveExtra: 1 }));
  }
  const o = compileText('o.dts', OVERLAY, { cpp: false, fs: new MemoryFileSystem({ 'o.dts': OVERLAY }) });
  if (o.tree) blobs.push(writeDtb(o.tree));
  return blobs;
}

/** Random bytes behind a valid magic and a plausible header. */
const blobArbitrary: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.uint8Array({ minLength: 32, maxLength: 1024 }), fc.integer({ min: 0, max: 20 }))
  .map(([body, version]) => {
    const bytes = new Uint8Array(body.length + 8);
    bytes.set(body, 8);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, 0xd00dfeed);
    view.setUint32(4, bytes.length);
    view.setUint32(20, version);
    return bytes;
  });

export default defineTarget<Uint8Array>({
  name: 'dtb',
  ext: 'dtb',
  arbitrary: blobArbitrary,
  seeds: seedBlobs,
  mutate: (bytes, rng, seeds) => mutateBytes(bytes, rng, seeds, 1024 * 1024),
  encode: (b) => b,
  decode: (b) => b,
  run(bytes) {
    const read = readDtb(bytes, 'fuzz.dtb');
    checkDiagnostics(read.diagnostics, ['dtb/', 'limit/']);
    if (!read.tree) return;
    const blob = writeDtb(read.tree);
    checkBounded('rewritten blob', blob.length, bytes.length, 4);
    checkBounded('printed DTS', printDts(read.tree).length, bytes.length, 16);
    const again = readDtb(blob, 'again.dtb');
    expectThat(again.tree !== undefined, 'our own blob does not read back');
    const blob2 = writeDtb(again.tree);
    expectThat(Buffer.from(blob).equals(Buffer.from(blob2)), 'read → write is not idempotent');
  },
});
