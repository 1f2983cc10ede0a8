import * as z from 'zod';
import { READ } from '../../../shared/define-tool.js';
import { worktreeBranch } from '../logic/worktree-slug.js';
import { defineBoardTool } from './common.js';

export const worktreeList = defineBoardTool({
  name: 'worktree_list',
  title: 'List worktrees',
  description:
    'Every worktree of the repository: feature, branch, path, dirty files, commits ahead/behind the base, last commit age. Flags orphans (no feature, or folder gone).',
  input: z.object({}).strict(),
  hints: READ,
  tier: 'basic',
  async handler(_args, ctx) {
    const { store } = await ctx.deps.board();
    const board = await store.snapshot();
    const known = [...board.features.values()]
      .filter((f) => f.branchName || f.worktreePath)
      .map((f) => ({ featureId: f.id, branch: worktreeBranch(f) }));
    const worktrees = await (await ctx.deps.worktrees()).list(known);
    const lines = worktrees.map((w) => {
      const what = w.featureId ? `${w.featureId}` : '(no feature)';
      const flags = [w.orphan ? `orphan: ${w.orphan}` : '', w.dirtyFiles ? `${w.dirtyFiles} dirty` : '', `+${w.ahead}/-${w.behind}`].filter(
        Boolean,
      );
      return `${what} · ${w.branch ?? 'detached'} · ${w.path} [${flags.join(', ')}]`;
    });
    return { data: { worktrees }, text: lines.length ? lines.join('\n') : 'No feature worktrees.' };
  },
});
