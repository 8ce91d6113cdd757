import { type CheckDefinition, defineCheck } from './define-check.js';
import { isOneString, isStringList } from './values.js';

/**
 * The three "property has the right shape" kinds dtc declares with one macro each
 * (WARNING_IF_NOT_STRING, …_STRING_LIST, …_CELL). Each check is still its own file; these build
 * the visit function from the property name.
 */
type KindOptions = Omit<CheckDefinition, 'visit' | 'visitProperty' | 'requires'> & {
  readonly property: string;
  readonly requires?: readonly string[];
};

export function isStringCheck(options: KindOptions): CheckDefinition {
  const { property, requires = [], ...rest } = options;
  return defineCheck({
    ...rest,
    requires,
    visitProperty: {
      name: property,
      visit(node, prop, ctx) {
        if (!isOneString(prop.value)) ctx.report(node, prop, 'property is not a string');
      },
    },
  });
}

export function isStringListCheck(options: KindOptions): CheckDefinition {
  const { property, requires = [], ...rest } = options;
  return defineCheck({
    ...rest,
    requires,
    visitProperty: {
      name: property,
      visit(node, prop, ctx) {
        if (!isStringList(prop.value)) ctx.report(node, prop, 'property is not a string list');
      },
    },
  });
}

export function isCellCheck(options: KindOptions): CheckDefinition {
  const { property, requires = [], ...rest } = options;
  return defineCheck({
    ...rest,
    requires,
    visitProperty: {
      name: property,
      visit(node, prop, ctx) {
        if (prop.value.length !== 4) ctx.report(node, prop, 'property is not a single cell');
      },
    },
  });
}
