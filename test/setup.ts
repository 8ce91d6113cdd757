/**
 * Test-runner setup: vitest transforms TypeScript on the fly, so the front end's lazy
 * `require('./full-parse.js')` (which works on the built output) is replaced by handing the full
 * parser over directly.
 */
import { parseDtsFully } from '../compiler/syntax/full-parse.js';
import { useFullParser } from '../compiler/syntax/parse.js';

useFullParser(parseDtsFully);
