import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Two cores: keep the worker pool small so the suite stays predictable.
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
