/** `dtpc run`: bring a board's platform up, run a scenario, print a timeline, write the trace. */
import { Command } from 'commander';
import { limitHint, limitInfo, resolveLimits } from '../compiler/limits.js';
import { simulationInput } from '../runtime/platform/load.js';
import { parseTime } from '../runtime/platform/scenario.js';
import { simulate } from '../runtime/platform/simulate.js';
import { renderSummary, renderTimeline } from '../runtime/platform/timeline.js';
import { loadInput, printDiagnostics } from './build.js';
import { addInputOptions, type InputFlags, limitsFrom } from './input-options.js';
import { BoundedFileWriter, EXIT_INPUT_ERRORS, EXIT_OK, UsageError } from './io.js';

interface RunFlags extends InputFlags {
  firmware?: string;
  scenario?: string;
  trace?: string;
  until?: string;
  quiet?: boolean;
}

export function runCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('run')
    .description('run a board: DTS, built platform.json, or a bundled platform folder (platforms/<name>)')
    .argument('<platform>', 'board DTS/DTB, dir/platform.json, or platforms/<name>')
    .option('--firmware <profile.yaml>', 'firmware profile overlaid on the derived (or built) one')
    .option('--scenario <scenario.yaml>', "scenario to run after boot (default: the folder's, else none)")
    .option('--trace <file.jsonl>', 'write every event as JSON lines')
    .option('--until <time>', 'stop at this virtual time after boot (e.g. 10ms)')
    .option('-q, --quiet', 'print only the summary, not the timeline');
  addInputOptions(command);
  command.action((input: string, flags: RunFlags) => setExitCode(runRun(input, flags)));
  return command;
}

function runRun(input: string, flags: RunFlags): number {
  let until: number | undefined;
  if (flags.until !== undefined) {
    until = parseTime(flags.until);
    if (until === undefined) throw new UsageError(`--until takes a time such as 10ms, got '${flags.until}'`);
  }
  const loaded = loadInput(input, flags);
  printDiagnostics(loaded.diagnostics, input);
  const ready = simulationInput(loaded);
  if (!ready) return EXIT_INPUT_ERRORS;
  // The trace goes to a temporary file under the trace-size limit: past it nothing more is
  // written and no file is left, so a runaway scenario cannot fill the disk.
  const maxTrace = resolveLimits(limitsFrom(flags.limit ?? [])).traceSize;
  const writer = flags.trace ? new BoundedFileWriter(flags.trace, maxTrace) : undefined;
  let committed = false;
  try {
    const sim = simulate(ready, {
      ...(loaded.scenario ? { scenario: loaded.scenario } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(writer ? { traceSink: (line: string) => writer.write(line) } : {}),
    });
    const diagnostics = [...sim.report.diagnostics];
    committed = writer?.commit() ?? false;
    if (writer && !committed) {
      diagnostics.push({
        code: limitInfo('traceSize').code,
        severity: 'error',
        message: `the trace grew past the trace-size limit of ${maxTrace} bytes; ${writer.file} was not written`,
        span: { file: writer.file, line: 1, col: 1, endLine: 1, endCol: 1 },
        hint: limitHint('traceSize', maxTrace),
      });
    }
    if (!flags.quiet) process.stdout.write(renderTimeline(sim.platform.trace.events));
    process.stdout.write(renderSummary(sim.report, sim.counts));
    printDiagnostics(diagnostics, input);
    return sim.report.ok && (!writer || committed) ? EXIT_OK : EXIT_INPUT_ERRORS;
  } finally {
    if (writer && !committed) writer.abort();
  }
}
