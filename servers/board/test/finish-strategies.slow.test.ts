// feature_finish for merge and rebase merges upstream, and what pr_merge recorded (squash and the refusals:
// finish-upstream.slow.test.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boardWithOrigin, claimWithWork, cleanUpAfterEach, finishesAfterTheBaseMoved, stored } from './finish-kit.js';

cleanUpAfterEach();

describe('feature_finish', () => {
  it.each(['merge', 'rebase'] as const)(
    'finishes a feature whose PR was %s-merged upstream after the base moved: done with the merge commit, local main = origin/main, no worktree or branch left',
    finishesAfterTheBaseMoved,
  );

  it('records the merge commit pr_merge wrote on the feature when it is on the remote base', async () => {
    const { repo, board } = await boardWithOrigin();
    const { id, branch } = await claimWithWork(board, repo, 'With PR');
    repo.mergeUpstream(branch, 'squash');
    const later = repo.commitUpstream({ 'later.txt': 'later\n' }, 'later');
    writeFileSync(
      join(repo.root, '.automaker', 'features', id, 'feature.json'),
      JSON.stringify({ ...stored(repo, id), prNumber: 7, prState: 'merged', prMergeCommit: later }),
    );
    const finished = await board.call('feature_finish', { id });
    expect(finished.isError, finished.text).toBe(false);
    expect(stored(repo, id)).toMatchObject({ status: 'done', mergeCommit: later, prNumber: 7 });
    expect(finished.text).toContain(`(PR #7) is in origin/main (rebased or squashed) as ${later.slice(0, 12)}`);
  });

  it('says a finished feature is finished', async () => {
    const { repo, board } = await boardWithOrigin();
    const { id, branch } = await claimWithWork(board, repo, 'Twice');
    repo.mergeUpstream(branch, 'merge');
    expect((await board.call('feature_finish', { id })).isError).toBe(false);
    const again = await board.call('feature_finish', { id });
    expect(again.isError, again.text).toBe(false);
    expect(again.text).toContain('is already finished');
  });
});
