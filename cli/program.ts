/** dtpc's command line: one file per subcommand; only the CLI reads argv, writes files and sets exit codes. */
import { Command, CommanderError } from 'commander';
import { EXIT_INTERNAL, EXIT_USAGE, UsageError } from './io.js';
import { VERSION } from './version.js';

type CommandFactory = (setExitCode: (code: number) => void) => Command;

/**
 * Subcommands are loaded on demand: `dtpc compile` never pays for the runtime, the schemas or
 * the template engine, which keeps a single-board compile's cold start short.
 */
const COMMANDS: Record<string, () => Promise<CommandFactory>> = {
  compile: async () => (await import('./compile.js')).compileCommand,
  lint: async () => (await import('./lint.js')).lintCommand,
  explain: async () => (await import('./explain.js')).explainCommand,
  kconfig: async () => (await import('./kconfig.js')).kconfigCommand,
  build: async () => (await import('./build.js')).buildCommand,
  run: async () => (await import('./run.js')).runCommand,
  merge: async () => (await import('./merge.js')).mergeCommand,
};

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  const program = new Command('dtpc')
    .description('device-tree-driven platform configuration compiler')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  // `--version` needs no subcommand; help and usage errors list them all.
  const first = argv[0];
  const wanted =
    first !== undefined && first in COMMANDS
      ? [first]
      : first === '-V' || first === '--version'
        ? []
        : Object.keys(COMMANDS);
  for (const name of wanted) {
    const factory = await COMMANDS[name]!();
    program.addCommand(factory(setExitCode).exitOverride());
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`dtpc: error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    // A bug in dtpc, not in the input: one clear line instead of a stack trace, which
    // DTPC_DEBUG=1 still prints for a bug report.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `dtpc: internal error: ${message} [internal/crash]\n` +
        '  = hint: this is a bug in dtpc; rerun with DTPC_DEBUG=1 and report the stack trace with the input\n',
    );
    if (process.env.DTPC_DEBUG && error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`);
    return EXIT_INTERNAL;
  }
  return exitCode;
}
