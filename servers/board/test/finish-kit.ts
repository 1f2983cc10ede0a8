// What the feature_finish tests share: a board on a repository with a real bare origin, whose PRs are merged "on
// GitHub" by plain git in a second clone (merge, squash or rebase); each test's repository and board go after it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { makeRepoWithOrigin, type RepoWithOrigin } from '../git/origin-test-repo.js';
import { startBoard, type TestBoard } from './harness.js';

const cleanups: Array<() => Promise<void> | void> = [];

/** Registers the clean-up of every board and repository; call once at the top of a test file. */
export function cleanUpAfterEach(): void {
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
}

export async function boardWithOrigin(): Promise<{ repo: RepoWithOrigin; board: TestBoard }> {
  const repo = makeRepoWithOrigin();
  cleanups.push(() => repo.cleanup());
  const board = await startBoard(repo.root);
  cleanups.push(() => board.close());
  return { repo, board };
}

export async function claimWithWork(board: TestBoard, repo: RepoWithOrigin, title: string) {
  const created = await board.call('feature_create', { features: [{ title }] });
  const id = (created.data.features as Array<{ id: string }>)[0]!.id;
  const claimed = await board.call('feature_claim', { id });
  expect(claimed.isError, claimed.text).toBe(false);
  const { worktree, branch } = claimed.data.feature as { worktree: string; branch: string };
  repo.commit({ [`${id}.txt`]: 'work\n' }, `work on ${title}`, worktree);
  repo.push(branch);
  return { id, worktree, branch };
}

export const stored = (repo: RepoWithOrigin, id: string) =>
  JSON.parse(readFileSync(join(repo.root, '.automaker', 'features', id, 'feature.json'), 'utf8'));
export const sha = (repo: RepoWithOrigin, ref: string) => repo.git(['rev-parse', ref]).trim();

/** A feature whose PR was merged upstream (by `strategy`) after the base moved finishes: done with the merge commit, local main = origin/main, no worktree or branch left. */
export async function finishesAfterTheBaseMoved(strategy: 'merge' | 'squash' | 'rebase'): Promise<void> {
  const { repo, board } = await boardWithOrigin();
  const { id, worktree, branch } = await claimWithWork(board, repo, `Feature by ${strategy}`);
  repo.commitUpstream({ 'someone-else.txt': 'theirs\n' }, 'another PR merged first');
  const mergeCommit = repo.mergeUpstream(branch, strategy);
  const finished = await board.call('feature_finish', { id });
  expect(finished.isError, finished.text).toBe(false);
  expect(finished.text).toContain(`${id} is done: ${branch} is in origin/main`);
  expect(finished.text).toContain(mergeCommit.slice(0, 12));
  expect(stored(repo, id)).toMatchObject({ status: 'done', mergeCommit });
  expect(stored(repo, id)).not.toHaveProperty('worktreePath');
  expect(sha(repo, 'main')).toBe(repo.originMain());
  expect(repo.git(['status', '--porcelain'])).toBe('');
  expect(existsSync(worktree)).toBe(false);
  expect(repo.git(['branch', '--list', branch]).trim()).toBe('');
  expect(repo.git(['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(1);
}
