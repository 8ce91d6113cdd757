/**
 * SARIF 2.1.0, as GitHub code scanning accepts it: one run, the tool with the rules that fired
 * (id, short and full description, default level, help text), results with physical locations
 * relative to the repository root.
 */
import type { Diagnostic, Severity } from './diagnostic.js';
import type { InputReport } from './render-json.js';

export interface SarifRule {
  code: string;
  summary: string;
  why?: string;
  severity: Severity | 'off';
}

function level(severity: Severity | 'off'): 'error' | 'warning' | 'note' | 'none' {
  if (severity === 'error') return 'error';
  if (severity === 'warning') return 'warning';
  if (severity === 'info') return 'note';
  return 'none';
}

export function renderSarif(
  reports: readonly InputReport[],
  rules: (code: string) => SarifRule | undefined,
  version: string,
): string {
  const fired = new Map<string, SarifRule>();
  const results: unknown[] = [];
  for (const report of reports) {
    for (const d of report.diagnostics) {
      const rule = rules(d.code) ?? { code: d.code, summary: d.message, severity: d.severity };
      fired.set(d.code, rule);
      results.push(result(d, report.input));
    }
  }
  const ruleList = [...fired.values()].sort((a, b) => a.code.localeCompare(b.code));
  const index = new Map(ruleList.map((r, i) => [r.code, i]));
  for (const r of results as { ruleId: string; ruleIndex?: number }[]) r.ruleIndex = index.get(r.ruleId) ?? 0;
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dtpc',
            version,
            informationUri: 'https://github.com/dtpc/dtpc',
            rules: ruleList.map((r) => ({
              id: r.code,
              shortDescription: { text: r.summary },
              fullDescription: { text: r.why ? `${r.summary} ${r.why}` : r.summary },
              defaultConfiguration: { level: level(r.severity) },
              help: {
                text: `${r.summary}${r.why ? `\n\nWhy it matters: ${r.why}` : ''}\n\nRun \`dtpc explain ${r.code}\` for examples.`,
              },
            })),
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function result(d: Diagnostic, input: string) {
  const uri = (d.span?.file ?? input).replace(/^\.\//, '');
  const region = d.span
    ? {
        startLine: d.span.line,
        startColumn: d.span.col,
        endLine: d.span.endLine,
        endColumn: Math.max(d.span.endCol, d.span.col + 1),
      }
    : undefined;
  const subject = d.nodePath ? `${d.nodePath}${d.property ? `:${d.property}` : ''}: ` : '';
  return {
    ruleId: d.code,
    level: level(d.severity),
    message: { text: `${subject}${d.message}${d.hint ? ` (hint: ${d.hint})` : ''}` },
    locations: [{ physicalLocation: { artifactLocation: { uri }, ...(region ? { region } : {}) } }],
    ...(d.related?.length
      ? {
          relatedLocations: d.related.map((r, i) => ({
            id: i,
            message: { text: r.message },
            physicalLocation: {
              artifactLocation: { uri: r.span.file },
              region: { startLine: r.span.line, startColumn: r.span.col },
            },
          })),
        }
      : {}),
  };
}
