import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Trace } from '../../../runtime/core/trace.js';
import { GIC_MODELS, gicModelFor } from '../../../runtime/gic/index.js';
import { GIC_V2_COMPATIBLES, GIC_V3_COMPATIBLES } from '../../../schemas/view/specifiers.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../runtime/gic');
/** Files that are not models: the shared state machine, the Renode helpers, the index. */
const SUPPORT = new Set(['gic-base', 'renode', 'index']);

describe('GIC model registry', () => {
  it('lists every model file once, and nothing else', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3))
      .filter((f) => !SUPPORT.has(f));
    expect(GIC_MODELS.map((m) => m.id).sort()).toEqual(files.sort());
  });

  it('every GIC compatible the schemas decode has a model of the right version', () => {
    for (const c of GIC_V2_COMPATIBLES) expect(gicModelFor([c])?.id).toBe('gicv2');
    for (const c of GIC_V3_COMPATIBLES) expect(gicModelFor([c])?.id).toBe('gicv3');
    expect(gicModelFor(['vendor,unknown'])).toBeUndefined();
  });

  it('each entry creates a model of its version with the requested limits', () => {
    for (const m of GIC_MODELS) {
      const gic = m.create({ trace: new Trace(() => 0), cpus: 2, spiLimit: 64 });
      expect(gic.version).toBe(m.id === 'gicv2' ? 2 : 3);
      expect(gic.spiLimit).toBe(64);
      expect(m.summary.length).toBeGreaterThan(0);
    }
  });
});
