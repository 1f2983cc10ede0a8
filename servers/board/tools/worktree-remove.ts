import * as z from 'zod';
import { DESTRUCTIVE } from '../../../shared/define-tool.js';
import { assertNotHeldByOther } from '../logic/transitions.js';
import { worktreeBranch } from '../logic/worktree-slug.js';
import { defineBoardTool, featureId } from './common.js';
import { featureFor } from './worktree-common.js';

export const worktreeRemove = defineBoardTool({
  name: 'worktree_remove',
  title: 'Remove a feature worktree',
  description:
    'Remove the feature’s worktree folder (and prune stale worktrees). Refused, listing them, while it has uncommitted or untracked files or commits not merged into the base; force discards them. The branch stays unless deleteBranch.',
  input: z
    .object({
      feature: featureId,
      force: z.boolean().default(false).describe('Discard uncommitted work and unmerged commits'),
      deleteBranch: z.boolean().default(false).describe('Also delete the feature branch'),
    })
    .strict(),
  hints: DESTRUCTIVE,
  tier: 'basic',
  async handler({ feature: id, force, deleteBranch }, ctx) {
    const { deps } = ctx;
    const feature = await featureFor(ctx, id);
    if (!force) assertNotHeldByOther(feature, deps.actor, deps.clock());
    const removed = await (await deps.worktrees()).remove(worktreeBranch(feature), { force, deleteBranch });
    const { store } = await deps.board();
    await store.transaction((board, writes) => {
      const fresh = board.features.get(id);
      if (!fresh) return;
      const next = { ...fresh, updatedAt: new Date(deps.clock()).toISOString() };
      delete next.worktreePath;
      if (removed.branchDeleted) delete next.branchName;
      writes.save(next);
    });
    return {
      data: { feature: id, ...removed },
      text: `Removed the worktree of ${id}${removed.branchDeleted ? ' and its branch' : `; branch ${feature.branchName ?? ''} kept`}.`,
    };
  },
});
