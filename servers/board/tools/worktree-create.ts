import * as z from 'zod';
import { WRITE } from '../../../shared/define-tool.js';
import { ConflictError } from '../../../shared/errors.js';
import { assertNotHeldByOther } from '../logic/transitions.js';
import { defineBoardTool, featureId } from './common.js';
import { attachWorktree, featureFor } from './worktree-common.js';

export const worktreeCreate = defineBoardTool({
  name: 'worktree_create',
  title: 'Create a feature worktree',
  description: 'Create (or reuse) the feature’s worktree: its own folder under the worktrees root on branch feature/<slug>, from the base branch.',
  input: z.object({ feature: featureId }).strict(),
  hints: { ...WRITE, idempotentHint: true },
  tier: 'basic',
  async handler({ feature: id }, ctx) {
    const feature = await featureFor(ctx, id);
    assertNotHeldByOther(feature, ctx.deps.actor, ctx.deps.clock());
    if (feature.status === 'done') throw new ConflictError(`Feature ${id} is done; move it back to backlog before working on it again.`);
    const withTree = await attachWorktree(ctx, feature);
    return {
      data: { feature: id, path: withTree.worktreePath, branch: withTree.branchName },
      text: `Worktree for ${id}: ${withTree.worktreePath} (branch ${withTree.branchName}).`,
    };
  },
});
