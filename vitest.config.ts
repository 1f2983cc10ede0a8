import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['servers/**/*.test.ts', 'shared/**/*.test.ts', 'cli/**/*.test.ts', 'testing/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Child processes and real git repositories: two cores, so keep the pool small.
    maxWorkers: 2,
  },
});
