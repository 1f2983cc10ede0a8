/**
 * The folder a feature's check runs in, derived by the board from its own records — the feature's slug gives the
 * folder (inside the worktrees root and ALLOWED_ROOT_DIRECTORY) and its branch, and `git worktree list` must show
 * that folder checked out on that branch. A `worktreePath` field on disk is never trusted: anyone can edit it.
 */
import { ConflictError } from '../../../shared/errors.js';
import { listRegisteredWorktrees } from '../git/repo.js';
import { samePath } from '../git/worktree-lookups.js';
import type { WorktreeManager } from '../git/worktrees.js';
import { worktreeSlug } from '../logic/worktree-slug.js';
import type { Feature } from '../store/feature.js';

export async function worktreeOf(manager: WorktreeManager, feature: Feature): Promise<string> {
  const slug = worktreeSlug(feature);
  const path = manager.pathFor(slug);
  const branch = manager.branchFor(slug);
  const registered = (await listRegisteredWorktrees(manager.mainRoot)).find((w) => samePath(w.path, path));
  if (!registered || registered.prunable || registered.branch !== branch) {
    throw new ConflictError(`Feature ${feature.id} has no worktree at ${path} on ${branch}; claim it or call worktree_create first.`);
  }
  return path;
}
