import * as z from 'zod';
import { WRITE } from '../../../shared/define-tool.js';
import { ConflictError } from '../../../shared/errors.js';
import { assertNotHeldByOther } from '../logic/transitions.js';
import { defineBoardTool, featureId } from './common.js';
import { attachWorktreeWithNotes, featureFor } from './worktree-common.js';

export const worktreeCreate = defineBoardTool({
  name: 'worktree_create',
  title: 'Create a feature worktree',
  description:
    'Create (or reuse) the feature’s worktree: its branch (feature/<slug> unless it has one) in .worktrees/<branch with / → ->, forked from the freshest base (fetched when a remote tracks it).',
  input: z.object({ feature: featureId }).strict(),
  hints: { ...WRITE, idempotentHint: true },
  tier: 'basic',
  async handler({ feature: id }, ctx) {
    const feature = await featureFor(ctx, id);
    assertNotHeldByOther(feature, ctx.deps.actor, ctx.deps.clock());
    if (feature.status === 'done') throw new ConflictError(`Feature ${id} is done; move it back to backlog before working on it again.`);
    const attached = await attachWorktreeWithNotes(ctx, feature);
    const notes = attached.notes.map((note) => `\nNote: ${note}`).join('');
    if (attached.onBase) return { data: { feature: id, branch: attached.onBase, worktree: null }, text: `No worktree.${notes}` };
    const withTree = attached.feature;
    return {
      data: {
        feature: id,
        path: withTree.worktreePath,
        branch: withTree.branchName,
        ...(attached.notes.length ? { notes: attached.notes } : {}),
      },
      text: `Worktree for ${id}: ${withTree.worktreePath} (branch ${withTree.branchName}).${notes}`,
    };
  },
});
