/**
 * The folder a feature's check runs in, derived by the board from its own records — the feature's branch, and the
 * linked worktree `git worktree list` shows on that branch (inside ALLOWED_ROOT_DIRECTORY; ours, an older one of
 * ours, or one the app made). A feature on the base branch itself runs in the main checkout when that checkout has
 * the base. A `worktreePath` field on disk is never trusted: anyone can edit it.
 */
import { ConflictError } from '../../../shared/errors.js';
import { listRegisteredWorktrees } from '../git/repo.js';
import type { WorktreeManager } from '../git/worktrees.js';
import { worktreeBranch } from '../logic/worktree-slug.js';
import type { Feature } from '../store/feature.js';

export async function worktreeOf(manager: WorktreeManager, feature: Feature): Promise<string> {
  const branch = worktreeBranch(feature);
  if (branch === (await manager.baseBranch())) {
    const main = (await listRegisteredWorktrees(manager.mainRoot))[0];
    if (main?.branch === branch) return manager.mainRoot;
    throw new ConflictError(`Feature ${feature.id} is on the base branch ${branch}, which the main checkout does not have checked out.`);
  }
  const path = await manager.worktreeOf(branch);
  if (!path) throw new ConflictError(`Feature ${feature.id} has no worktree on ${branch}; claim it or call worktree_create first.`);
  return path;
}
