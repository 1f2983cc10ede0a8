/**
 * Paths the board owns in the main checkout. Its runtime state (`.automaker/features/`, the lock…) and the worktrees
 * folder are only git-ignored, and git treats ignored files as expendable: a merge or fast-forward that brings them
 * in overwrites them. So a merge whose result changes any of them — or puts a symlink anywhere under `.automaker/`,
 * where the board reads settings and context — is refused before the base moves.
 *
 * API
 *   boardOwnedPaths(changes, worktreesPrefix?) → the changed paths (changedPaths in merge.ts) that the board owns or
 *     that are symlinks under .automaker/ (empty when the merge is safe)
 */
import { RUNTIME_PATHS } from '../store/board-location.js';
import type { TreeChange } from './merge.js';

const SYMLINK_MODE = '120000';

export function boardOwnedPaths(changes: TreeChange[], worktreesPrefix?: string): string[] {
  return changes
    .filter(({ path, mode }) => isOwned(path, worktreesPrefix) || (mode === SYMLINK_MODE && path.startsWith('.automaker/')))
    .map(({ path }) => path);
}

function isOwned(path: string, worktreesPrefix?: string): boolean {
  if (RUNTIME_PATHS.some((owned) => path === owned || path.startsWith(`${owned}/`))) return true;
  if (!worktreesPrefix) return false;
  const folder = worktreesPrefix.replace(/\/+$/, '');
  return path === folder || path.startsWith(`${folder}/`);
}
