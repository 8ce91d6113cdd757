/**
 * What one input of a many-input run needs, shared by the serial loop and every worker thread: a
 * file system, the in-process preprocessor cache, and the content-hash cache when `--cache` is on.
 */
import { PreprocessCache } from '../compiler/preprocess/index.js';
import { type FileSystem, NodeFileSystem } from '../compiler/source/file-system.js';
import { ContentCache } from './cache/content-cache.js';

export interface TaskContext {
  fs: FileSystem;
  cache: PreprocessCache;
  content: ContentCache | undefined;
}

/** Settings every task of one run shares; plain data so it crosses into worker threads. */
export interface RunSettings {
  /** Content-hash cache folder, or undefined when the cache is off. */
  cacheDir: string | undefined;
  /** dtpc's build, part of every cache key (see cache/fingerprint.ts). */
  tool: string;
}

export function taskContext(settings: RunSettings): TaskContext {
  return {
    fs: new NodeFileSystem(),
    cache: new PreprocessCache(),
    content: settings.cacheDir === undefined ? undefined : new ContentCache(settings.cacheDir),
  };
}
