/**
 * Paths the board owns in the main checkout. Its runtime state (`.automaker/features/`, the lock…) and the worktrees
 * folder are only git-ignored, and git treats ignored files as expendable: a merge or fast-forward that brings them
 * in overwrites them. So a merge whose result changes any of them — or puts a symlink anywhere under `.automaker/`,
 * where the board reads settings and context, or makes `.automaker` itself a file or a symlink — is refused before
 * the base moves.
 *
 * API
 *   boardOwnedPaths(changes, worktreesPrefix?) → the changed paths (changedPaths in merge.ts) that the board owns,
 *     that are symlinks under .automaker/, or that are .automaker itself as a file or symlink (empty when the merge
 *     is safe)
 *   boardOwnedRoots(worktreesPrefix?) → the top-level names every such path is under ('.automaker', the worktrees
 *     folder's first segment): a merge that changes none of them changes nothing the board owns
 */
import { RUNTIME_PATHS } from '../store/board-location.js';
import type { TreeChange } from './merge.js';

const SYMLINK_MODE = '120000';

export function boardOwnedPaths(changes: TreeChange[], worktreesPrefix?: string): string[] {
  return changes
    .filter(
      ({ path, mode }) =>
        isOwned(path, worktreesPrefix) || path === '.automaker' || (mode === SYMLINK_MODE && path.startsWith('.automaker/')),
    )
    .map(({ path }) => path);
}

export function boardOwnedRoots(worktreesPrefix?: string): string[] {
  const worktreesRoot = worktreesPrefix?.split('/').find(Boolean);
  return ['.automaker', ...(worktreesRoot ? [worktreesRoot] : [])];
}

function isOwned(path: string, worktreesPrefix?: string): boolean {
  if (RUNTIME_PATHS.some((owned) => path === owned || path.startsWith(`${owned}/`))) return true;
  if (!worktreesPrefix) return false;
  const folder = worktreesPrefix.replace(/\/+$/, '');
  return path === folder || path.startsWith(`${folder}/`);
}
