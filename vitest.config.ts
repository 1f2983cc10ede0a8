import { defineConfig } from 'vitest/config';

export const testRoots = ['servers', 'shared', 'cli', 'testing'];

export default defineConfig({
  test: {
    include: testRoots.map((root) => `${root}/**/*.test.ts`),
    // Slow suites (installs from git, many processes, hundreds of kills) run in `npm run test:slow`.
    exclude: ['**/node_modules/**', '**/*.slow.test.ts'],
    globalSetup: ['testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Child processes and real git repositories: two cores, so keep the pool small.
    maxWorkers: 2,
    // Test files share a worker's module cache (no test mocks modules): imports cost 10 s instead of 58 s of a run.
    isolate: false,
  },
});
