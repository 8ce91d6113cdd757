/** dtpc's command line: one file per subcommand; only the CLI reads argv, writes files and sets exit codes. */
import { Command, CommanderError } from 'commander';
import { buildCommand } from './build.js';
import { compileCommand } from './compile.js';
import { explainCommand } from './explain.js';
import { EXIT_USAGE, UsageError } from './io.js';
import { kconfigCommand } from './kconfig.js';
import { lintCommand } from './lint.js';
import { runCommand } from './run.js';

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  const program = new Command('dtpc')
    .description('device-tree-driven platform configuration compiler')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program.addCommand(compileCommand(setExitCode).exitOverride());
  program.addCommand(lintCommand(setExitCode).exitOverride());
  program.addCommand(explainCommand(setExitCode).exitOverride());
  program.addCommand(kconfigCommand(setExitCode).exitOverride());
  program.addCommand(buildCommand(setExitCode).exitOverride());
  program.addCommand(runCommand(setExitCode).exitOverride());
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
    throw error;
  }
  return exitCode;
}
