import { defineConfig } from 'vitest/config';
import { testRoots } from './vitest.config.js';

export default defineConfig({
  test: {
    include: testRoots.map((root) => `${root}/**/*.slow.test.ts`),
    globalSetup: ['testing/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    maxWorkers: 1,
  },
});
