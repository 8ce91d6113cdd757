import type { Data } from '../tree/data.js';
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

/** A check that reports `message` for every `property` whose value fails `test`. */
function shapeCheck(test: (value: Data) => boolean, message: string) {
  return (options: KindOptions): CheckDefinition => {
    const { property, requires = [], ...rest } = options;
    return defineCheck({
      ...rest,
      requires,
      visitProperty: {
        name: property,
        visit(node, prop, ctx) {
          if (!test(prop.value)) ctx.report(node, prop, message);
        },
      },
    });
  };
}

export const isStringCheck = shapeCheck(isOneString, 'property is not a string');
export const isStringListCheck = shapeCheck(isStringList, 'property is not a string list');
export const isCellCheck = shapeCheck((value) => value.length === 4, 'property is not a single cell');
