import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { DeviceTree } from '../../compiler/tree/tree.js';
import type { Expectation } from '../../schemas/define.js';
import { validateTree } from '../../schemas/validate.js';
import { miniTree } from './mini-dts.js';

/** Builds a tree from DTS text (the mini reader until the compiler's front end lands). */
export function treeOf(dts: string): DeviceTree {
  return miniTree(dts);
}

export function validateText(dts: string): Diagnostic[] {
  return validateTree(treeOf(dts));
}

/** 1-based line/col of an offset in text. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/**
 * The span an expectation's `at` names: the first occurrence of the text, or, when it has `[…]`, the
 * bracketed part of the first occurrence of the text without brackets.
 */
export function expectedSpan(dts: string, at: string) {
  const open = at.indexOf('[');
  const close = at.indexOf(']');
  const context = open >= 0 ? at.slice(0, open) + at.slice(open + 1, close) + at.slice(close + 1) : at;
  const base = dts.indexOf(context);
  if (base < 0) throw new Error(`expectation text not found: ${at}`);
  const start = base + Math.max(open, 0);
  const end = open >= 0 ? base + close - 1 : base + at.length;
  const a = lineCol(dts, start);
  const b = lineCol(dts, end);
  return { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
}

export function codeOf(e: Expectation): string {
  return typeof e === 'string' ? e : e.code;
}

export function findings(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity !== 'info');
}
