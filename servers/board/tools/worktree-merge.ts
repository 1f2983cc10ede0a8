import * as z from 'zod';
import { DESTRUCTIVE } from '../../../shared/define-tool.js';
import { NotFoundError } from '../../../shared/errors.js';
import { actorName, assertNotHeldByOther, withStatus } from '../logic/transitions.js';
import { remoteOfBase } from '../git/fresh-base.js';
import { worktreeBranch } from '../logic/worktree-slug.js';
import { defineBoardTool, featureId } from './common.js';
import { featureFor } from './worktree-common.js';

export const worktreeMerge = defineBoardTool({
  name: 'worktree_merge',
  title: 'Merge a feature branch',
  description:
    'Merge the feature branch into the base branch (a checkout of the base is fast-forwarded; its uncommitted edits to other files stay). A conflict, or local edits in files it changes, changes nothing and lists the files. On success the feature is done and records the merge commit.',
  input: z
    .object({
      feature: featureId,
      strategy: z.enum(['merge', 'squash', 'rebase']).default('merge').describe('merge (merge commit), squash or rebase'),
      message: z.string().trim().min(1).max(2000).optional().describe('Commit message (merge or squash)'),
    })
    .strict(),
  hints: DESTRUCTIVE,
  tier: 'basic',
  async handler({ feature: id, strategy, message }, ctx) {
    const { deps } = ctx;
    const feature = await featureFor(ctx, id);
    assertNotHeldByOther(feature, deps.actor, deps.clock());
    await ctx.progress(0, 1, `merging ${feature.branchName ?? id}`);
    const manager = await deps.worktrees();
    const merged = await manager.merge(worktreeBranch(feature), {
      strategy,
      ...(message ? { message } : {}),
      signal: ctx.signal,
      progress: (done, total, note) => void ctx.progress(done, total, note),
    });
    const { store } = await deps.board();
    await store.transaction((board, writes) => {
      const fresh = board.features.get(id);
      if (!fresh) throw new NotFoundError(`Feature ${id} was deleted during the merge; the merge commit is ${merged.mergeCommit}.`);
      const reason = `merged into ${merged.base} as ${merged.mergeCommit.slice(0, 12)} (${strategy})`;
      const done = fresh.status === 'done' ? fresh : withStatus(fresh, 'done', { now: deps.clock(), by: actorName(deps.actor), reason });
      writes.save({ ...done, mergeCommit: merged.mergeCommit });
    });
    await ctx.progress(1, 1, 'merged');
    const remote = merged.upToDate ? undefined : await remoteOfBase(manager.mainRoot, merged.base);
    // with a remote, this merge exists only here until pushed: the PR road (feature_finish) keeps both sides equal
    const note = remote
      ? `\nNote: only local ${merged.base} has this merge, not ${remote.label}; push ${merged.base}, or with pull requests use feature_finish after the PR merges.`
      : '';
    return {
      data: { feature: id, ...merged, status: 'done', ...(remote ? { remoteBase: remote.label } : {}) },
      text: merged.upToDate
        ? `${merged.base} already contained ${feature.branchName}; ${id} is done.`
        : `Merged ${feature.branchName} into ${merged.base} (${strategy}) as ${merged.mergeCommit.slice(0, 12)}; ${id} is done.${note}`,
    };
  },
});
