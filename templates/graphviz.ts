/**
 * DOT → SVG with Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz: the wasm ships inside
 * the package, so rendering works offline and needs no `dot` binary). Loaded once per process.
 */
import { Graphviz } from '@hpcc-js/wasm-graphviz';

let loading: Promise<Graphviz> | undefined;

export async function dotToSvg(dot: string): Promise<string> {
  loading ??= Graphviz.load();
  const graphviz = await loading;
  return graphviz.dot(dot, 'svg');
}

/** The `<svg>` element alone: no XML prolog, DOCTYPE or comments (which repeat graph ids). */
export function inlineSvg(svg: string): string {
  const start = svg.indexOf('<svg');
  return start < 0
    ? ''
    : svg
        .slice(start)
        .replace(/<!--[\s\S]*?-->/g, '')
        .trim();
}
