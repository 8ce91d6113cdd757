import type { z } from 'zod';
import type { Diagnostic, Severity, Span } from '../compiler/diagnostics/diagnostic.js';
import type { DeviceTree, Node, Property } from '../compiler/tree/tree.js';
import { bindings as registeredBindings } from './bindings/index.js';
import { type Binding, type NodeSchema, type RuleReport, selects } from './define.js';
import { decodeAs, dtTypeOf } from './types/dt.js';
import { isImplicitProperty } from './types/implicit.js';
import { isOverlayMetadata } from './types/overlay.js';
import type { Issue, ItemPlace } from './types/result.js';
import {
  cellRefSpan,
  cellsSpan,
  nodeSpan,
  propertyNameSpan,
  propertySpan,
  stringSpan,
} from './types/source.js';
import { compatibleOf, isEnabled } from './types/status.js';
import { TreeView } from './view/view.js';

export interface ValidateOptions {
  /** Bindings to apply (default: every registered binding). */
  bindings?: readonly Binding[];
  /** A view to reuse (its caches), e.g. one the runtime will build from afterwards. */
  view?: TreeView;
}

/**
 * Validates every live node against the bindings that select it. Codes: `schema/<binding id>/<rule>`
 * for binding findings (`required`, `unknown-property`, `unknown-node`, `node-name`, `invalid-value`,
 * `too-many`, `too-few`, `out-of-range`, or a binding rule's id) and `schema/type/<rule>` for values that
 * cannot be read as their declared DT type. Required properties are not demanded of disabled nodes
 * (dt-schema does the same). Never throws: an internal failure becomes one `schema/internal-error`.
 */
export function validateTree(tree: DeviceTree, options: ValidateOptions = {}): Diagnostic[] {
  const validator = new Validator(tree, options.view ?? new TreeView(tree));
  try {
    validator.run(options.bindings ?? registeredBindings);
  } catch (error) {
    validator.out.push({
      code: 'schema/internal-error',
      severity: 'error',
      message: `schema validation stopped: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  return validator.out;
}

type ZodIssue = z.core.$ZodIssue;

class Validator {
  readonly out: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  constructor(
    readonly tree: DeviceTree,
    readonly view: TreeView,
  ) {}

  run(bindings: readonly Binding[]): void {
    for (const node of this.tree.root.walk()) {
      // dtc's generated `__symbols__` / `__fixups__` / `__local_fixups__` are metadata, not devices
      // (dt-schema skips them too).
      if (isOverlayMetadata(node)) continue;
      const compatible = compatibleOf(node);
      for (const binding of bindings)
        if (selects(binding, node, compatible)) this.validateNode(node, binding, `schema/${binding.id}`);
    }
  }

  private validateNode(node: Node, schema: NodeSchema, prefix: string): void {
    const enabled = isEnabled(node);
    if (schema.nodeName !== undefined && !nameMatches(schema.nodeName, node.name)) {
      this.emit({
        code: `${prefix}/node-name`,
        severity: 'error',
        message: `node name '${node.name}' does not match ${String(schema.nodeName)}`,
        span: nodeSpan(this.tree, node),
        nodePath: node.path,
      });
    }

    const shape = schema.properties.shape as Record<string, z.ZodType>;
    const strict = isStrict(schema.properties);
    const allowed = new Set(Object.keys(shape));
    const values: Record<string, unknown> = {};
    const places = new Map<string, ItemPlace[] | undefined>();
    const failed = new Set<string>();

    for (const prop of node.liveProps) {
      const field = shape[prop.name];
      if (field) {
        const decoded = this.decode(node, prop, field);
        if (decoded.ok) {
          values[prop.name] = decoded.value;
          places.set(prop.name, decoded.items);
        } else failed.add(prop.name);
        continue;
      }
      const pattern = schema.patternProperties?.find((p) => p.pattern.test(prop.name));
      if (pattern) {
        const decoded = this.decode(node, prop, pattern.schema);
        if (decoded.ok) {
          const r = pattern.schema.safeParse(decoded.value);
          if (!r.success)
            for (const issue of r.error.issues)
              this.zodIssue(
                node,
                prefix,
                { ...issue, path: [prop.name, ...issue.path] },
                new Map([[prop.name, decoded.items]]),
                {
                  [prop.name]: decoded.value,
                },
              );
        }
        continue;
      }
      if (strict && !isImplicitProperty(prop.name, allowed)) values[prop.name] = prop.value;
    }

    const parsed = schema.properties.safeParse(values);
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const name = issue.path[0];
        if (typeof name === 'string' && failed.has(name)) continue;
        if (!enabled && isMissing(issue, values)) continue;
        this.zodIssue(node, prefix, issue, places, values);
      }

    const additionalChildren = schema.additionalChildren ?? !strict;
    for (const child of node.liveChildren) {
      const spec = schema.children?.find((c) => nameMatches(c.name, child.name));
      if (spec) this.validateNode(child, spec.schema, prefix);
      else if (!additionalChildren)
        this.emit({
          code: `${prefix}/unknown-node`,
          severity: 'error',
          message: `child node '${child.name}' is not allowed here`,
          span: nodeSpan(this.tree, child),
          nodePath: child.path,
        });
    }

    const nodeView = this.view.node(node);
    for (const rule of schema.rules ?? []) {
      rule.check({
        node,
        view: nodeView,
        tree: this.view,
        values,
        report: (finding) =>
          this.ruleFinding(node, `${prefix}/${finding.rule ?? rule.id}`, rule.severity, finding),
      });
    }
  }

  private decode(node: Node, prop: Property, field: z.ZodType) {
    const type = dtTypeOf(field);
    if (!type)
      return { ok: true as const, value: prop.value as unknown, items: undefined, issues: [] as Issue[] };
    const decoded = decodeAs(type, node, prop, this.view.phandles);
    for (const issue of decoded.issues) this.typeIssue(node, prop, issue);
    return decoded;
  }

  private typeIssue(node: Node, prop: Property, issue: Issue): void {
    this.emit({
      code: `schema/type/${issue.rule}`,
      severity: issue.severity ?? 'error',
      message: issue.message,
      span: this.issueSpan(prop, issue),
      nodePath: node.path,
      property: prop.name,
      ...(issue.hint ? { hint: issue.hint } : {}),
    });
  }

  private issueSpan(prop: Property, issue: Issue): Span | undefined {
    if (issue.cell !== undefined) return cellsSpan(this.tree, prop, issue.cell, issue.count ?? 1);
    if (issue.string !== undefined) return stringSpan(this.tree, prop, issue.string);
    return propertySpan(this.tree, prop);
  }

  private zodIssue(
    node: Node,
    prefix: string,
    issue: ZodIssue,
    places: Map<string, ItemPlace[] | undefined>,
    values: Record<string, unknown>,
  ): void {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const prop = node.prop(key);
        this.emit({
          code: `${prefix}/unknown-property`,
          severity: 'error',
          message: `property '${key}' is not allowed here`,
          span: prop ? propertyNameSpan(this.tree, prop) : nodeSpan(this.tree, node),
          nodePath: node.path,
          property: key,
        });
      }
      return;
    }
    const name = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
    const prop = name !== undefined ? node.prop(name) : undefined;
    if (isMissing(issue, values)) {
      this.emit({
        code: `${prefix}/required`,
        severity: 'error',
        message: `required property '${name}' is missing`,
        span: nodeSpan(this.tree, node),
        nodePath: node.path,
        ...(name !== undefined ? { property: name } : {}),
      });
      return;
    }
    const rule = ruleOf(issue);
    let span: Span | undefined = prop ? propertySpan(this.tree, prop) : nodeSpan(this.tree, node);
    if (prop && name !== undefined) {
      const items = places.get(name);
      let index = typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
      const arrayIssue = (issue.code === 'too_big' || issue.code === 'too_small') && issue.origin === 'array';
      if (issue.code === 'too_big' && issue.origin === 'array' && index === undefined)
        index = Number(issue.maximum);
      // A scalar (one cell, one string): point at it rather than at the brackets around it.
      if (index === undefined && !arrayIssue && items?.length === 1) index = 0;
      const place = index !== undefined ? items?.[index] : undefined;
      if (place && 'cell' in place) {
        let cell = place.cell;
        let count = place.count;
        if (issue.code === 'too_big' && issue.origin === 'array' && issue.path.length === 1) {
          const last = items![items!.length - 1];
          if (last && 'cell' in last) count = last.cell + last.count - cell;
        } else if (typeof issue.path[2] === 'number') {
          cell += issue.path[2];
          count = 1;
        } else if (issue.path[2] === 'args' && typeof issue.path[3] === 'number') {
          cell += 1 + issue.path[3];
          count = 1;
        }
        span = cellsSpan(this.tree, prop, cell, count);
      } else if (place && 'string' in place) span = stringSpan(this.tree, prop, place.string);
    }
    const params = (issue as { params?: { hint?: string; severity?: Severity } }).params;
    this.emit({
      code: `${prefix}/${rule}`,
      severity: params?.severity ?? 'error',
      message: `${name !== undefined ? `'${name}': ` : ''}${issue.message}`,
      span,
      nodePath: node.path,
      ...(name !== undefined ? { property: name } : {}),
      ...(params?.hint ? { hint: params.hint } : {}),
    });
  }

  private ruleFinding(node: Node, code: string, severity: Severity, f: RuleReport): void {
    let span: Span | undefined;
    let nodePath = node.path;
    let property = f.property;
    if (f.at) {
      span = cellRefSpan(this.tree, f.at);
      nodePath = f.at.node.path;
      property = f.at.property.name;
    } else if (f.property) {
      const prop = node.prop(f.property);
      if (prop)
        span =
          f.cell !== undefined
            ? cellsSpan(this.tree, prop, f.cell, f.count ?? 1)
            : f.string !== undefined
              ? stringSpan(this.tree, prop, f.string)
              : propertySpan(this.tree, prop);
    }
    span ??= nodeSpan(this.tree, node);
    this.emit({
      code,
      severity: f.severity ?? severity,
      message: f.message,
      span,
      nodePath,
      ...(property !== undefined ? { property } : {}),
      ...(f.hint ? { hint: f.hint } : {}),
    });
  }

  /** Adds a diagnostic unless the same code was already reported at the same place. */
  private emit(d: Omit<Diagnostic, 'span'> & { span: Span | undefined }): void {
    const key = `${d.code}\0${d.nodePath}\0${d.property ?? ''}\0${d.span ? `${d.span.file}:${d.span.line}:${d.span.col}-${d.span.endLine}:${d.span.endCol}` : ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const { span, ...rest } = d;
    this.out.push(span ? { ...rest, span } : rest);
  }
}

function nameMatches(pattern: string | RegExp, name: string): boolean {
  return typeof pattern === 'string' ? pattern === name : pattern.test(name);
}

function isStrict(schema: z.ZodObject): boolean {
  const catchall = (schema.def as { catchall?: z.ZodType }).catchall;
  return catchall !== undefined && (catchall.def as { type: string }).type === 'never';
}

function isMissing(issue: ZodIssue, values: Record<string, unknown>): boolean {
  return issue.path.length === 1 && typeof issue.path[0] === 'string' && values[issue.path[0]] === undefined;
}

function ruleOf(issue: ZodIssue): string {
  const params = (issue as { params?: { rule?: string } }).params;
  if (params?.rule) return params.rule;
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'array' ? 'too-many' : 'out-of-range';
    case 'too_small':
      return issue.origin === 'array' ? 'too-few' : 'out-of-range';
    default:
      return 'invalid-value';
  }
}
