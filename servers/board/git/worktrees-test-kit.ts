// What the WorktreeManager tests share: a scratch repository per test (removed after it), its manager, and two
// small assertions helpers. Split across files so the two test workers share the work.
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { makeRepo, type TestRepo } from './test-repo.js';
import { WorktreeManager } from './worktrees.js';

const repos: TestRepo[] = [];

/** Registers the clean-up of every repository `setup` made; call once at the top of a test file. */
export function cleanUpReposAfterEach(): void {
  afterEach(() => {
    for (const repo of repos.splice(0)) repo.cleanup();
  });
}

export function setup(extra: Partial<ConstructorParameters<typeof WorktreeManager>[0]> = {}) {
  const repo = makeRepo();
  repos.push(repo);
  const worktreesDir = join(repo.root, '.worktrees');
  const manager = new WorktreeManager({ mainRoot: repo.root, worktreesDir, ...extra });
  return { repo, manager, worktreesDir };
}

export async function rejection(promise: Promise<unknown>): Promise<Error & { details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

export const snapshot = (repo: TestRepo) => ({
  main: repo.git(['rev-parse', 'refs/heads/main']).trim(),
  status: repo.git(['status', '--porcelain', '--untracked-files=all']),
  head: repo.git(['symbolic-ref', 'HEAD']).trim(),
});
