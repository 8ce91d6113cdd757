/**
 * Path helpers that build names the way cpp and dtc do: textual joins, no normalisation, so that
 * diagnostics print `src/arm64/x/../y.dtsi` exactly as those tools would.
 */

/** Folder part of a path as cpp uses it for quoted includes: '' for a bare file name. */
export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  if (slash === -1) return '';
  if (slash === 0) return '/';
  return path.slice(0, slash);
}

/** Joins a folder and a relative name textually; an absolute name stands alone. */
export function joinPath(dir: string, name: string): string {
  if (name.startsWith('/') || dir === '') return name;
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}
