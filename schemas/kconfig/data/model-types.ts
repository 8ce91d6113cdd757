/**
 * The built-in Kconfig model: for each supported kernel, the symbols of our families (TEE/OP-TEE,
 * SCMI and its transports, mailboxes, GIC, PSCI/SMCCC) as facts — type, whether a user can set it,
 * dependencies, defaults, selects — plus where upstream defines each one. It is what `--kernel`
 * evaluates when no kernel tree is given. Expressions are written in Kconfig's expression syntax
 * (facts about dependencies, not Kconfig text: no prompts, no help).
 *
 * The model files under `models/` are produced by `extract.ts` from upstream Kconfig files (the
 * oldest in full, each later one as its changes from the one before, see `model-delta.ts`) and
 * checked against them by `test/kconfig/rules/model.test.ts` (when `/work/shared` is present) and
 * against the kernel's own `conf` by `test/conformance/kconfig-real-trees.ts`.
 */

export type ModelType = 'bool' | 'tristate' | 'int' | 'hex' | 'string';

export interface ModelDefault {
  readonly value: string;
  /** Condition (the `if` part together with the entry's dependencies); absent = always. */
  readonly if?: string;
}

export interface ModelSelect {
  readonly symbol: string;
  readonly if?: string;
}

export interface ModelSymbol {
  readonly name: string;
  readonly type: ModelType;
  /**
   * Condition under which the user may set it (the prompt's visibility, dependencies included);
   * absent = no prompt: only defaults and selects give it a value.
   */
  readonly prompt?: string;
  /** The direct dependency (enclosing `if`/`menu` blocks included); absent = none. */
  readonly dependsOn?: string;
  readonly defaults?: readonly ModelDefault[];
  readonly selects?: readonly ModelSelect[];
  readonly implies?: readonly ModelSelect[];
  /** `ARM_SCMI_PROTOCOL`'s `modules`-style marker: only MODULES has it. */
  readonly modules?: boolean;
  /** Upstream definition (path relative to the kernel tree, 1-based line of `config NAME`). */
  readonly at?: { readonly file: string; readonly line: number };
  /**
   * A symbol defined outside the extracted files (MMU, OF, PCI, …): modelled as user-settable with
   * the value arm64's defconfig gives it, so a fragment merged over defconfig behaves as upstream.
   */
  readonly external?: boolean;
  /**
   * Selected by symbols outside the model (MAILBOX by SoC drivers, VIRTIO by the virtio transports):
   * the value those selects give under arm64's defconfig, modelled as one select from outside.
   */
  readonly selectedOutside?: 'y' | 'm';
}

export interface KconfigModelData {
  readonly kernel: string;
  /** Where the facts came from. */
  readonly provenance: string;
  readonly symbols: readonly ModelSymbol[];
  /** Symbols referenced by the extracted entries (select/depends) that no Kconfig file defines. */
  readonly undefinedReferences: readonly {
    readonly name: string;
    readonly file: string;
    readonly line: number;
  }[];
}
