import { describe, expect, it } from 'vitest';
import { preparePlatform } from '../../../runtime/platform/prepare.js';
import { simulate } from '../../../runtime/platform/simulate.js';
import { renderSummary, renderTimeline } from '../../../runtime/platform/timeline.js';
import { platformTree } from './support.js';

describe('smoke', () => {
  for (const name of [
    'virt-optee',
    'scmi-optee-ppi',
    'scmi-optee-shmem',
    'scmi-smc',
    'scmi-mhu',
    'smc-mbox-hvc',
  ])
    it(name, () => {
      const tree = platformTree(name);
      const p = preparePlatform(tree);
      const s = simulate({ tree, description: p.description, profile: p.profile!, findings: p.findings });
      console.log(
        name,
        renderTimeline(s.platform.trace.events),
        renderSummary(s.report, s.counts),
        p.diagnostics,
        s.report.diagnostics,
      );
      expect(s.report.up).toBe(true);
    });
});
