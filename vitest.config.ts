import { defineConfig } from 'vitest/config';
import { chevrotainSingleFile } from './cli/bundle.js';

export default defineConfig({
  // Every test file loads the full parser (test/setup.ts): from chevrotain's single file, in some
  // 60 ms, rather than from its 600-module entry (1.5 s per file). See cli/bundle.ts.
  resolve: { alias: { chevrotain: chevrotainSingleFile() } },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Two cores: keep the worker pool small so the suite stays predictable.
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
