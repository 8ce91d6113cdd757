/**
 * One simulation from prepared inputs: assemble the platform, run boot and scenario, and count
 * trace events by kind (the trace itself may be bounded; counts are not).
 */
import type { DeviceTree } from '../../compiler/tree/tree.js';
import type { TraceKind } from '../core/trace.js';
import { assemblePlatform, type Platform } from './assemble.js';
import type { PlatformDescription } from './description.js';
import type { FirmwareProfile } from './profile.js';
import type { SimFinding } from './reconcile.js';
import { type RunReport, runPlatform } from './run.js';
import type { Scenario } from './scenario.js';

export interface SimulationInput {
  tree: DeviceTree;
  description: PlatformDescription;
  profile: FirmwareProfile;
  findings: readonly SimFinding[];
}

export interface SimulateOptions {
  scenario?: Scenario;
  until?: number;
  /** Receives every trace event as one JSON line, in order. */
  traceSink?: (line: string) => void;
  /** Events kept in memory (default 1,000,000). */
  traceLimit?: number;
}

export interface Simulation {
  platform: Platform;
  report: RunReport;
  counts: Record<string, number>;
}

export function simulate(input: SimulationInput, options: SimulateOptions = {}): Simulation {
  const counts: Record<string, number> = {};
  const sink = options.traceSink;
  const platform = assemblePlatform(input.tree, input.description, input.profile, {
    trace: {
      ...(options.traceLimit !== undefined ? { limit: options.traceLimit } : {}),
      sink: (line) => {
        // `{"t":…,"kind":"…"`: the kind is the second key of every line.
        const m = /"kind":"([a-z]+)"/.exec(line);
        const kind = (m?.[1] ?? 'other') as TraceKind;
        counts[kind] = (counts[kind] ?? 0) + 1;
        sink?.(line);
      },
    },
  });
  const report = runPlatform(platform, {
    ...(options.scenario ? { scenario: options.scenario } : {}),
    ...(options.until !== undefined ? { until: options.until } : {}),
    findings: input.findings,
  });
  return { platform, report, counts };
}
