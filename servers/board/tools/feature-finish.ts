import * as z from 'zod';
import { DESTRUCTIVE } from '../../../shared/define-tool.js';
import type { ToolContext } from '../../../shared/define-tool.js';
import { NotFoundError } from '../../../shared/errors.js';
import type { BoardDeps } from '../deps.js';
import type { FinishCleanUp, FinishProof } from '../git/worktrees.js';
import { actorName, assertNotHeldByOther, withStatus } from '../logic/transitions.js';
import { worktreeBranch } from '../logic/worktree-slug.js';
import type { Feature } from '../store/feature.js';
import { defineBoardTool, featureId } from './common.js';
import { featureFor } from './worktree-common.js';

export const featureFinish = defineBoardTool({
  name: 'feature_finish',
  title: 'Finish a feature merged upstream',
  description:
    'After the feature’s PR is merged on the remote (merge, rebase or squash): fetch the base, check the branch is in it, mark the feature done with the merge commit, fast-forward the local base, remove the worktree and branch. Refuses, changing nothing, when not merged yet. Without a remote use worktree_merge.',
  input: z.object({ id: featureId }).strict(),
  hints: DESTRUCTIVE,
  tier: 'basic',
  async handler({ id }, ctx) {
    const { deps } = ctx;
    const feature = await featureFor(ctx, id);
    assertNotHeldByOther(feature, deps.actor, deps.clock());
    const manager = await deps.worktrees();
    const branch = worktreeBranch(feature);
    if (feature.status === 'done' && typeof feature.mergeCommit === 'string' && !(await branchExists(manager, branch))) {
      return {
        data: { feature: id, status: 'done', mergeCommit: feature.mergeCommit, alreadyFinished: true },
        text: `${id} is already finished (merge commit ${feature.mergeCommit.slice(0, 12)}).`,
      };
    }
    await ctx.progress(0, 3, `fetching the base and checking ${branch}`);
    const prMergeCommit = recordedPrMergeCommit(feature);
    const proof = await manager.checkFinished(branch, { signal: ctx.signal, ...(prMergeCommit ? { prMergeCommit } : {}) });
    await ctx.progress(1, 3, 'recording done');
    await recordDone(ctx, id, proof);
    await ctx.progress(2, 3, 'cleaning up');
    const cleanUp = await manager.cleanUpFinished(proof);
    await forgetWorktree(ctx, id, cleanUp);
    await ctx.progress(3, 3, 'finished');
    return {
      data: { feature: id, status: 'done', ...proof, ...cleanUp },
      text: finishText(id, proof, cleanUp, typeof feature.prNumber === 'number' ? feature.prNumber : undefined),
    };
  },
});

/** The merge commit pr_merge recorded on the feature (`prMergeCommit`; a `pr: { mergeCommit }` object is read too). */
function recordedPrMergeCommit(feature: Feature): string | undefined {
  if (typeof feature.prMergeCommit === 'string') return feature.prMergeCommit;
  const pr = feature.pr as { mergeCommit?: unknown } | undefined;
  return pr && typeof pr === 'object' && typeof pr.mergeCommit === 'string' ? pr.mergeCommit : undefined;
}

async function branchExists(manager: Awaited<ReturnType<BoardDeps['worktrees']>>, branch: string): Promise<boolean> {
  try {
    await manager.headSha(branch);
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}

async function recordDone(ctx: ToolContext<BoardDeps>, id: string, proof: FinishProof): Promise<void> {
  const { deps } = ctx;
  const { store } = await deps.board();
  await store.transaction((board, writes) => {
    const fresh = board.features.get(id);
    if (!fresh)
      throw new NotFoundError(
        `Feature ${id} was deleted meanwhile; ${proof.branch} is merged upstream as ${proof.mergeCommit.slice(0, 12)} and was left in place.`,
      );
    const reason = `merged upstream into ${proof.remoteBase} as ${proof.mergeCommit.slice(0, 12)} (${HOW[proof.how]})`;
    const done = fresh.status === 'done' ? fresh : withStatus(fresh, 'done', { now: deps.clock(), by: actorName(deps.actor), reason });
    writes.save({ ...done, mergeCommit: proof.mergeCommit });
  });
}

async function forgetWorktree(ctx: ToolContext<BoardDeps>, id: string, cleanUp: FinishCleanUp): Promise<void> {
  if (!cleanUp.removed && !cleanUp.branchDeleted) return;
  const { store } = await ctx.deps.board();
  await store.transaction((board, writes) => {
    const fresh = board.features.get(id);
    if (!fresh) return;
    const next = { ...fresh, updatedAt: new Date(ctx.deps.clock()).toISOString() };
    delete next.worktreePath;
    if (cleanUp.branchDeleted) delete next.branchName;
    writes.save(next);
  });
}

// a one-commit branch squashed upstream has the same patch as when rebased: the two cannot be told apart
const HOW = { ancestor: 'merged', 'same-patches': 'rebased or squashed', 'same-content': 'squashed' } as const;

function finishText(id: string, proof: FinishProof, cleanUp: FinishCleanUp, prNumber?: number): string {
  const pr = prNumber ? ` (PR #${prNumber})` : '';
  const lines = [`${id} is done: ${proof.branch}${pr} is in ${proof.remoteBase} (${HOW[proof.how]}) as ${proof.mergeCommit.slice(0, 12)}.`];
  const tidy = [
    cleanUp.localBase.moved ? `local ${proof.base} fast-forwarded to ${proof.remoteSha.slice(0, 12)}` : '',
    cleanUp.removed ? 'worktree removed' : '',
    cleanUp.branchDeleted ? 'branch deleted' : '',
  ].filter(Boolean);
  if (tidy.length) lines.push(`${tidy.join(', ')}.`.replace(/^./, (c) => c.toUpperCase()));
  for (const note of cleanUp.notes) lines.push(`Note: ${note}`);
  lines.push('Next: feature_claim for the next feature (it starts from the fresh base).');
  return lines.join('\n');
}
