/**
 * Where a branch's worktree is, the way both Automaker apps look: by branch in `git worktree list`, wherever its
 * folder is (ours `.worktrees/feature-x`, an older `.worktrees/x` of ours, or one the app made). Stale registrations
 * (folder gone) are pruned first when asked (before creating one); otherwise they are reported with `prunable`.
 * `fromFiles` reads the registrations from the repository's files instead of running `git worktree list` (a linked
 * worktree on a branch then has no `head`).
 */
import { ConflictError } from '../../../shared/errors.js';
import { listRegisteredWorktrees, type RegisteredWorktree } from './repo.js';
import { git } from './run-git.js';
import type { WorktreeContext } from './worktree-types.js';
import { samePath } from './worktree-lookups.js';
import { readRegisteredWorktrees } from './worktree-registry.js';

export interface BranchWorktrees {
  /** The linked worktree on the branch (never the main checkout). */
  onBranch?: RegisteredWorktree;
  /** Whatever is registered at the branch's conventional folder (may be another branch or detached). */
  atPath?: RegisteredWorktree;
  path: string;
  all: RegisteredWorktree[];
}

export async function findBranchWorktree(
  ctx: WorktreeContext,
  branch: string,
  opts: { signal?: AbortSignal; prune?: boolean; fromFiles?: boolean } = {},
): Promise<BranchWorktrees> {
  const signal = opts.signal;
  const path = ctx.pathFor(branch);
  const list = async () => {
    if (!opts.fromFiles) return listRegisteredWorktrees(ctx.mainRoot, signal);
    const { mainRoot, gitCommonDir } = await ctx.repoLocation();
    return readRegisteredWorktrees(mainRoot, gitCommonDir);
  };
  let all = await list();
  if (opts.prune && all.some((w) => w.prunable)) {
    await git(ctx.mainRoot, ['worktree', 'prune']);
    all = await list();
  }
  const [main, ...linked] = all;
  if (main?.branch === branch) {
    throw new ConflictError(
      `${branch} is checked out in the main checkout (${main.path}); switch the main checkout to another branch first.`,
    );
  }
  const onBranch = linked.find((w) => w.branch === branch);
  if (onBranch) ctx.guard(onBranch.path);
  const atPath = linked.find((w) => samePath(w.path, path));
  return { path, all, ...(onBranch ? { onBranch } : {}), ...(atPath ? { atPath } : {}) };
}
