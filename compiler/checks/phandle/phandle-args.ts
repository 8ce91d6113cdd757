import type { Node, Property } from '../../tree/tree.js';
import type { CheckContext } from '../define-check.js';
import { cellLoc } from '../locate.js';
import { isValidPhandle } from '../values.js';

/** How a provider says how many argument cells follow its phandle. */
export interface ProviderCells {
  /** `#clock-cells`, `#gpio-cells`, … */
  readonly cellsProperty: string;
  /** A provider without the cells property takes no arguments (msi-parent) instead of failing. */
  readonly optional: boolean;
}

/**
 * dtc's `check_property_phandle_args`: walks `<&provider arg…>, …` specifiers, checking that each
 * starts with a phandle reference to an existing node carrying the cells property, and that enough
 * argument cells follow. A 0 or -1 phandle is a placeholder that skips one cell.
 */
export function checkPhandleArgs(
  node: Node,
  prop: Property,
  provider: ProviderCells,
  ctx: CheckContext,
): void {
  const value = prop.value;
  const len = value.length;
  if (len % 4 !== 0) {
    ctx.report(node, prop, `property size (${len}) is invalid, expected multiple of 4`);
    return;
  }
  // Values written in DTS carry markers; only then can we tell a phandle cell from a number.
  const hasMarkers = value.markers.length > 0 || prop.valueAst !== undefined;
  const cells = len / 4;
  let cellSize = 0;
  for (let cell = 0; cell < cells; cell = (cell + cellSize + 1) >>> 0) {
    const phandle = value.cell(cell);
    if (!isValidPhandle(phandle)) {
      // In an overlay this may be an unresolved external reference: give up.
      if (ctx.plugin) break;
      cellSize = 0;
      continue;
    }
    if (hasMarkers && !value.markers.some((m) => m.kind === 'phandle' && m.offset === cell * 4))
      ctx.report(node, prop, `cell ${cell} is not a phandle reference`, cellLoc(prop, cell));
    const target = ctx.nodeByPhandle(phandle);
    if (!target) {
      ctx.report(node, prop, `Could not get phandle node for (cell ${cell})`, cellLoc(prop, cell));
      break;
    }
    const cellsProp = target.prop(provider.cellsProperty);
    if (cellsProp) {
      cellSize = cellsProp.value.length >= 4 ? cellsProp.value.cell(0) : 0;
    } else if (provider.optional) {
      cellSize = 0;
    } else {
      ctx.report(
        node,
        undefined,
        `Missing property '${provider.cellsProperty}' in node ${target.path} or bad phandle (referred from ${prop.name}[${cell}])`,
        cellLoc(prop, cell),
      );
      break;
    }
    // dtc computes this in unsigned 32-bit arithmetic; a huge cell count wraps and fails here.
    const expected = ((((cell + cellSize + 1) >>> 0) * 4) % 0x100000000) >>> 0;
    if (expected <= cell || len < expected) {
      ctx.report(node, prop, `property size (${len}) too small for cell size ${cellSize}`);
      break;
    }
  }
}
