/** `dtpc explain CODE`: what a diagnostic means, why it matters, a wrong and a right example. */
import { Command } from 'commander';
import { explainCode, ruleCatalog } from '../schemas/catalog.js';
import { EXIT_OK, UsageError } from './io.js';

export function explainCommand(setExitCode: (code: number) => void): Command {
  return new Command('explain')
    .description('explain a diagnostic code (or a dtc check name); --list prints every code')
    .argument('[code]', 'diagnostic code, e.g. wiring/optee-notif-interrupt or unit_address_vs_reg')
    .option('--list', 'list every code with its summary')
    .action((code: string | undefined, flags: { list?: boolean }) => {
      if (flags.list || !code) {
        for (const info of ruleCatalog().values())
          process.stdout.write(`${info.code}\t${info.severity}\t${info.summary}\n`);
        setExitCode(EXIT_OK);
        return;
      }
      const info = explainCode(code);
      if (!info) throw new UsageError(`unknown code '${code}' (dtpc explain --list shows them all)`);
      const lines = [
        `${info.code}${info.dtcName ? ` (dtc: ${info.dtcName})` : ''} — default ${info.severity}`,
        '',
        info.summary,
        '',
        `Why it matters: ${info.why}`,
      ];
      if (info.wrong) lines.push('', 'Wrong:', indent(info.wrong));
      if (info.right) lines.push('', 'Right:', indent(info.right));
      process.stdout.write(`${lines.join('\n')}\n`);
      setExitCode(EXIT_OK);
    });
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
