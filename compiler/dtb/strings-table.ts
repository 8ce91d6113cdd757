/**
 * The DTB strings block as dtc builds it (`flattree.c` `stringtable_insert`): names are appended in the
 * order they are first emitted, and a lookup returns the first offset at which a NUL-terminated string
 * equal to the name already starts. A name that is a suffix of an earlier one therefore shares its
 * bytes (`phandle` inside `linux,phandle`), but not the other way round.
 *
 * dtc scans the whole table for every name, which is quadratic. Every earlier string contributes its
 * suffixes to a map instead, so a lookup is one map probe. Suffixes are indexed only up to
 * `MAX_INDEXED_SUFFIX` characters so that a pathological long name cannot make insertion quadratic;
 * longer names fall back to a scan of the (few) earlier strings at least as long.
 */

const MAX_INDEXED_SUFFIX = 256;

export class StringsTable {
  /** First offset of every indexed suffix (and of every full string). */
  private readonly offsets = new Map<string, number>();
  /** Strings longer than the indexed suffix length, with their offsets, for the fallback scan. */
  private readonly longStrings: { text: string; offset: number }[] = [];
  private readonly parts: string[] = [];
  private size = 0;

  /** Size of the block in bytes. */
  get length(): number {
    return this.size;
  }

  /** Offset of `name` in the block, appending it first when no existing string ends with it. */
  insert(name: string): number {
    const known = this.offsets.get(name);
    if (known !== undefined) return known;
    if (name.length > MAX_INDEXED_SUFFIX) {
      for (const s of this.longStrings) {
        if (s.text.length >= name.length && s.text.endsWith(name)) {
          return s.offset + s.text.length - name.length;
        }
      }
    }
    return this.append(name);
  }

  /** The block's bytes (latin1 names, each followed by NUL). */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    this.writeTo(out, 0);
    return out;
  }

  /** Copies the block into `target` at `at`. */
  writeTo(target: Uint8Array, at: number): void {
    let o = at;
    for (const part of this.parts) {
      for (let i = 0; i < part.length; i++) target[o++] = part.charCodeAt(i) & 0xff;
      target[o++] = 0;
    }
  }

  private append(name: string): number {
    const offset = this.size;
    this.parts.push(name);
    this.size += name.length + 1;
    const first = Math.max(0, name.length - MAX_INDEXED_SUFFIX);
    if (first > 0) {
      this.longStrings.push({ text: name, offset });
      if (!this.offsets.has(name)) this.offsets.set(name, offset);
    }
    // Earlier strings win: only record suffixes that are not already known.
    for (let k = first; k <= name.length; k++) {
      const suffix = k === 0 ? name : name.slice(k);
      if (!this.offsets.has(suffix)) this.offsets.set(suffix, offset + k);
    }
    return offset;
  }
}
