/**
 * Scenarios: what happens on the board after it comes up, and what must hold. Steps run in order
 * on a cursor in virtual time (`at` sets it, `wait` moves it); each step is one action or one
 * expectation, optionally repeated. Expectations under `expect` are checked when the run ends.
 */
import { z } from 'zod';
import { DEFAULT_LIMITS, limitHint, limitInfo } from '../../compiler/limits.js';

const UNITS: Record<string, number> = { ns: 1, us: 1_000, ms: 1_000_000, s: 1_000_000_000 };

/** Virtual time: a number of nanoseconds or a string such as `10us`, `1.5ms`, `2s`. */
export const timeSchema = z.union([
  z.number().int().min(0),
  z
    .string()
    .regex(/^\d+(\.\d+)?\s*(ns|us|ms|s)$/, 'a time such as 500ns, 10us, 1ms or 2s')
    .transform((v) => {
      const m = /^(\d+(?:\.\d+)?)\s*(ns|us|ms|s)$/.exec(v)!;
      return Math.round(Number(m[1]) * UNITS[m[2]!]!);
    }),
]);

export function parseTime(text: string): number | undefined {
  const r = timeSchema.safeParse(/^\d+$/.test(text) ? Number(text) : text);
  return r.success ? r.data : undefined;
}

const intLike = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^0x[0-9a-fA-F]+$/)
    .transform((v) => Number(v)),
]);

/** OP-TEE's secure side raises a notification (`notif_send_async`), as a secure device's top half does. */
const notifyAction = z.strictObject({
  /** Notification value: 0 = do bottom half, 1..63 = async values. */
  value: intLike.default(0),
  /** DT path of the OP-TEE node (default: the only one). */
  node: z.string().optional(),
});

/** An SCMI request from a consumer (by the resource it uses) or directly to a protocol. */
const scmiAction = z.strictObject({
  /** A consumer node: the request goes to the resource it names in `clocks`/`resets`/…. */
  consumer: z.string().optional(),
  /** Index among the consumer's SCMI uses of that kind (default 0). */
  index: z.number().int().min(0).default(0),
  /** Or a resource directly. */
  agent: z.string().optional(),
  kind: z.enum(['clock', 'reset', 'power-domain', 'perf', 'voltage', 'sensor', 'base']),
  id: z.number().int().min(0).optional(),
  op: z.enum([
    'enable',
    'disable',
    'get-rate',
    'set-rate',
    'assert',
    'deassert',
    'reset',
    'on',
    'off',
    'get-state',
    'set-level',
    'get-level',
    'read',
    'version',
  ]),
  value: z.number().int().min(0).optional(),
  /** Expected SCMI status of this request (default 0 = SUCCESS). */
  status: z.number().int().optional(),
});

const probeExpect = z.strictObject({
  node: z.string(),
  state: z.enum(['bound', 'deferred', 'failed', 'unmatched']),
});

const countExpect = z.strictObject({
  /** Trace kind to count (`optee`, `scmi`, `irq`, `diag`, …). */
  kind: z.enum(['smc', 'irq', 'mbox', 'shmem', 'scmi', 'optee', 'probe', 'device', 'scenario', 'diag']),
  /** Substring the event's message must contain. */
  match: z.string().optional(),
  src: z.string().optional(),
  equals: z.number().int().min(0).optional(),
  atLeast: z.number().int().min(0).optional(),
  atMost: z.number().int().min(0).optional(),
});

const metricExpect = z.strictObject({
  metric: z.enum(['notifications', 'bottom-halves', 'scmi-ok', 'scmi-failed']),
  equals: z.number().int().min(0).optional(),
  atLeast: z.number().int().min(0).optional(),
  atMost: z.number().int().min(0).optional(),
});

export const expectationSchema = z.union([
  z.strictObject({ probe: probeExpect }),
  z.strictObject({ count: countExpect }),
  z.strictObject({ metric: metricExpect }),
  z.strictObject({ up: z.boolean() }),
]);

// The count's bound is the scenario-length limit (checked after parsing, with its own diagnostic).
const repeat = z.strictObject({ count: z.number().int().min(1), every: timeSchema });

export const stepSchema = z.union([
  z.strictObject({ at: timeSchema.optional(), repeat: repeat.optional(), notify: notifyAction }),
  z.strictObject({ at: timeSchema.optional(), repeat: repeat.optional(), scmi: scmiAction }),
  z.strictObject({ wait: timeSchema }),
  z.strictObject({ at: timeSchema.optional(), expect: expectationSchema }),
]);

export const scenarioSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  /** Stop the run here (default: when nothing is left to do). */
  until: timeSchema.optional(),
  steps: z.array(stepSchema).default([]),
  expect: z.array(expectationSchema).default([]),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type Step = z.output<typeof stepSchema>;
export type Expectation = z.output<typeof expectationSchema>;
export type ScmiAction = z.output<typeof scmiAction>;
export type NotifyAction = z.output<typeof notifyAction>;

export interface ScenarioIssue {
  /** Dotted key path of the value at fault (`steps.3.repeat.count`). */
  key: string;
  message: string;
  /** Set for a limit hit (`limit/scenario-length`); other issues are schema errors. */
  code?: string;
  hint?: string;
}

/**
 * Validates a scenario and bounds its length (`scenario-length`: every step counts once, a repeated
 * action as often as it repeats), so `repeat: { count: 1e12 }` is refused before anything runs.
 */
export function parseScenario(
  value: unknown,
  maxLength: number = DEFAULT_LIMITS.scenarioLength,
): { scenario?: Scenario; issues: ScenarioIssue[] } {
  const r = scenarioSchema.safeParse(value);
  if (!r.success) {
    return { issues: r.error.issues.map((i) => ({ key: i.path.map(String).join('.'), message: i.message })) };
  }
  let length = 0;
  for (const [index, step] of r.data.steps.entries()) {
    const count = 'repeat' in step ? (step.repeat?.count ?? 1) : 1;
    length += count;
    if (length > maxLength) {
      const key = count > 1 ? `steps.${index}.repeat.count` : `steps.${index}`;
      const issue: ScenarioIssue = {
        key,
        message: `the scenario has more than ${maxLength} actions by this step, over the scenario-length limit`,
        code: limitInfo('scenarioLength').code,
        hint: limitHint('scenarioLength', maxLength, length),
      };
      return { issues: [issue] };
    }
  }
  return { scenario: r.data, issues: [] };
}
