// feature_finish against a real bare origin (the other strategies and cases: finish-strategies.slow.test.ts).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boardWithOrigin, claimWithWork, cleanUpAfterEach, finishesAfterTheBaseMoved, sha, stored } from './finish-kit.js';

cleanUpAfterEach();

describe('feature_finish', () => {
  it.each(['squash'] as const)(
    'finishes a feature whose PR was %s-merged upstream after the base moved: done with the merge commit, local main = origin/main, no worktree or branch left',
    finishesAfterTheBaseMoved,
  );

  it('refuses, changing nothing, while the PR is not merged upstream', async () => {
    const { repo, board } = await boardWithOrigin();
    const { id, worktree, branch } = await claimWithWork(board, repo, 'Not yet');
    const before = { main: sha(repo, 'main'), branch: sha(repo, branch), feature: stored(repo, id) };
    const refused = await board.call('feature_finish', { id });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain(`${branch} is not merged into origin/main yet (1 commit(s) of it are not there)`);
    expect({ main: sha(repo, 'main'), branch: sha(repo, branch), feature: stored(repo, id) }).toEqual(before);
    expect(existsSync(worktree)).toBe(true);
  });

  it('refuses when the remote cannot be reached, naming it, and changes nothing', async () => {
    const { repo, board } = await boardWithOrigin();
    const { id, worktree, branch } = await claimWithWork(board, repo, 'Offline');
    repo.mergeUpstream(branch, 'squash');
    repo.git(['remote', 'set-url', 'origin', join(repo.sandbox, 'missing.git')]);
    const before = { refs: repo.git(['for-each-ref']), feature: stored(repo, id) };
    const refused = await board.call('feature_finish', { id });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/Could not fetch main from the remote 'origin' .*nothing was changed/);
    expect({ refs: repo.git(['for-each-ref']), feature: stored(repo, id) }).toEqual(before);
    expect(existsSync(worktree)).toBe(true);
  });

  it('keeps work the PR does not have: uncommitted files refuse the finish', async () => {
    const { repo, board } = await boardWithOrigin();
    const { id, worktree, branch } = await claimWithWork(board, repo, 'Leftovers');
    repo.mergeUpstream(branch, 'squash');
    writeFileSync(join(worktree, 'notes.txt'), 'not in the PR\n');
    const refused = await board.call('feature_finish', { id });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('1 untracked file(s)');
    expect(stored(repo, id).status).toBe('in_progress');
    expect(existsSync(join(worktree, 'notes.txt'))).toBe(true);
  });
});

describe('worktree_remove after an upstream merge', () => {
  it('accepts a branch squash-merged into the fetched origin/main, and points to feature_finish before the fetch', async () => {
    const { repo, board } = await boardWithOrigin();
    const { id, worktree, branch } = await claimWithWork(board, repo, 'Squashed upstream');
    repo.mergeUpstream(branch, 'squash');
    const refused = await board.call('worktree_remove', { feature: id, deleteBranch: true });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('feature_finish');
    repo.git(['fetch', '-q', 'origin']);
    const removed = await board.call('worktree_remove', { feature: id, deleteBranch: true });
    expect(removed.isError, removed.text).toBe(false);
    expect(existsSync(worktree)).toBe(false);
    expect(repo.git(['branch', '--list', branch]).trim()).toBe('');
  });
});

describe('worktree_merge beside a remote', () => {
  it('says the merge exists only locally and points to push or feature_finish', async () => {
    const { repo, board } = await boardWithOrigin();
    const { id } = await claimWithWork(board, repo, 'Merged locally');
    const merged = await board.call('worktree_merge', { feature: id });
    expect(merged.isError, merged.text).toBe(false);
    expect(merged.text).toContain(
      'Note: only local main has this merge, not origin/main; push main, or with pull requests use feature_finish after the PR merges.',
    );
    expect(repo.originMain()).not.toBe(sha(repo, 'main'));
  });
});
