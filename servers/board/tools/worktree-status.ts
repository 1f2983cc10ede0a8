import * as z from 'zod';
import { READ } from '../../../shared/define-tool.js';
import { worktreeBranch } from '../logic/worktree-slug.js';
import { defineBoardTool, featureId, renewLeaseIfHolder } from './common.js';
import { featureFor } from './worktree-common.js';

const FILES_SHOWN = 50;

export const worktreeStatus = defineBoardTool({
  name: 'worktree_status',
  title: 'Worktree status',
  description:
    'The feature worktree’s changed files with line stats, uncommitted and untracked files, commits ahead/behind the base, and whether it merges cleanly into the base now.',
  input: z.object({ feature: featureId }).strict(),
  hints: READ,
  tier: 'basic',
  async handler({ feature: id }, ctx) {
    const feature = await featureFor(ctx, id);
    const status = await (await ctx.deps.worktrees()).status(worktreeBranch(feature));
    await renewLeaseIfHolder(ctx.deps, (await ctx.deps.board()).store, feature);
    const data = {
      ...status,
      changed: status.changed.slice(0, FILES_SHOWN),
      ...(status.changed.length > FILES_SHOWN ? { changedTotal: status.changed.length } : {}),
    };
    const merge = status.mergesCleanly ? 'merges cleanly' : `conflicts in ${status.conflicts.join(', ')}`;
    return {
      data,
      text: `${status.branch} @ ${status.head.slice(0, 12)}: +${status.ahead}/-${status.behind} vs ${status.base}, ${status.changed.length} changed, ${status.uncommitted.length} uncommitted, ${status.untracked.length} untracked, ${merge}.`,
    };
  },
});
