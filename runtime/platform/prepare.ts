/**
 * From a tree (and maybe a user's profile) to everything a run needs before any component exists:
 * the description, the effective profile (derived, with the user's overlaid), and the findings
 * where the two disagree, as diagnostics with spans into the DTS and the profile file.
 */
import type { Diagnostic, RelatedSpan, Span } from '../../compiler/diagnostics/diagnostic.js';
import type { DeviceTree } from '../../compiler/tree/tree.js';
import { nodeSpan, propertySpan } from '../../schemas/types/source.js';
import { TreeView } from '../../schemas/view/view.js';
import { deriveProfile, profileToPlain } from './derive-profile.js';
import { describePlatform } from './describe.js';
import type { PlatformDescription } from './description.js';
import { type FirmwareProfile, overlayProfile, type Plain, parseProfile } from './profile.js';
import { reconcile, type SimFinding } from './reconcile.js';
import type { YamlSource } from './yaml-source.js';

export interface Prepared {
  view: TreeView;
  description: PlatformDescription;
  /** Undefined when the user's profile does not validate (see diagnostics). */
  profile?: FirmwareProfile;
  findings: SimFinding[];
  diagnostics: Diagnostic[];
}

export interface PrepareOptions {
  /** The user's profile file, overlaid on the derived profile. */
  userProfile?: YamlSource;
  /** A complete profile (from platform.json); the user's profile still overlays it. */
  baseProfile?: FirmwareProfile;
  /** A description already made (from platform.json), used instead of describing the tree again. */
  description?: PlatformDescription;
}

export function preparePlatform(tree: DeviceTree, options: PrepareOptions = {}): Prepared {
  const view = new TreeView(tree);
  const described = options.description
    ? { description: options.description, issues: [] }
    : describePlatform(view);
  const { description, issues } = described;
  const diagnostics: Diagnostic[] = issues.map((i) => ({
    code: i.code,
    severity: 'warning',
    message: i.message,
    nodePath: i.nodePath,
    ...(i.property ? { property: i.property } : {}),
    ...spanFields(tree, i.nodePath, i.property),
  }));
  for (const n of description.notModelled)
    diagnostics.push({
      code: 'sim/not-modelled',
      severity: 'info',
      message: `${n.path}: ${n.reason}`,
      nodePath: n.path,
      ...spanFields(tree, n.path, undefined),
    });

  let base: Plain = profileToPlain(options.baseProfile ?? deriveProfile(description));
  const user = options.userProfile;
  if (user) {
    if (user.errors.length > 0 || user.value === undefined) {
      for (const e of user.errors)
        diagnostics.push({
          code: 'sim/profile-read',
          severity: 'error',
          message: `${user.file}: ${e.message}`,
          ...(e.span ? { span: e.span } : {}),
        });
      return { view, description, findings: [], diagnostics };
    }
    base = overlayProfile(base, (user.value ?? {}) as Plain);
  }
  const parsed = parseProfile(base);
  if (!parsed.profile) {
    for (const i of parsed.issues) {
      const span = user?.spanOf(i.key);
      diagnostics.push({
        code: 'sim/profile-invalid',
        severity: 'error',
        message: `firmware profile: ${i.key || '(top level)'}: ${i.message}`,
        ...(span ? { span } : {}),
      });
    }
    return { view, description, findings: [], diagnostics };
  }
  const findings = reconcile(description, parsed.profile);
  for (const f of findings) diagnostics.push(findingDiagnostic(f, tree, user));
  return { view, description, profile: parsed.profile, findings, diagnostics };
}

/** A finding as a diagnostic: span on the DT property, related span on the profile key when written. */
export function findingDiagnostic(
  f: SimFinding,
  tree: DeviceTree | undefined,
  user?: YamlSource,
): Diagnostic {
  const related: RelatedSpan[] = [];
  const profileSpan = user?.spanOf(f.profileKey.replace('[]', '.0'));
  if (profileSpan) related.push({ span: profileSpan, message: `profile setting '${f.profileKey}'` });
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    nodePath: f.nodePath,
    ...(f.property ? { property: f.property } : {}),
    ...(tree ? spanFields(tree, f.nodePath, f.property) : {}),
    ...(related.length > 0 ? { related } : {}),
    notes: [`profile setting: ${f.profileKey}`, `on a real board: ${f.outcome}`],
  };
}

export function spanFields(
  tree: DeviceTree,
  nodePath: string,
  property: string | undefined,
): { span?: Span } {
  const node = tree.nodeByPath(nodePath);
  if (!node) return {};
  const prop = property ? node.prop(property) : undefined;
  const span = prop ? propertySpan(tree, prop) : nodeSpan(tree, node);
  return span ? { span } : {};
}
