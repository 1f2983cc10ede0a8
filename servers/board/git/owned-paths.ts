/**
 * Paths the board owns in the main checkout. Its runtime state (`.automaker/features/`, the lock…) and the worktrees
 * folder are only git-ignored, and git treats ignored files as expendable: a merge or fast-forward that brings them
 * in overwrites them. So a merge whose result changes any of them — or puts a symlink anywhere under `.automaker/`,
 * where the board reads settings and context, or makes `.automaker` itself a file or a symlink — is refused before
 * the base moves.
 *
 * API
 *   boardOwnedPaths(changes, worktreesPrefix?) → the changed paths (changedPaths in merge.ts) that the board owns,
 *     that are symlinks under .automaker/, or that are .automaker itself as a file or symlink, in any spelling a
 *     case-insensitive file system checks out at the same place (`.Automaker/…`); empty when the merge is safe
 *   worktreesFolderIn(mainRoot, worktreesDir) → the worktrees folder as a path inside the main checkout ('a/b'), or
 *     undefined when it is outside (the worktreesPrefix above)
 *   isBoardOwnedRoot(name, worktreesPrefix?) → whether a top-level tree entry may hold such a path ('.automaker',
 *     the worktrees folder's first segment, any spelling): a merge that changes no such entry changes nothing the
 *     board owns
 */
import { isAbsolute, relative, sep } from 'node:path';
import { RUNTIME_PATHS } from '../store/board-location.js';
import type { TreeChange } from './merge.js';

const SYMLINK_MODE = '120000';
const HFS_IGNORED = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

export function boardOwnedPaths(changes: TreeChange[], worktreesPrefix?: string): string[] {
  const folder = worktreesPrefix === undefined ? undefined : asCheckedOut(worktreesPrefix.replace(/\/+$/, ''));
  return changes
    .filter(({ path, mode }) => {
      const where = asCheckedOut(path);
      return isOwned(where, folder) || where === '.automaker' || (mode === SYMLINK_MODE && where.startsWith('.automaker/'));
    })
    .map(({ path }) => path);
}

export function worktreesFolderIn(mainRoot: string, worktreesDir: string): string | undefined {
  const rel = relative(mainRoot, worktreesDir);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : undefined;
}

/** Whether a top-level name of a tree may hold a path boardOwnedPaths refuses (in any spelling). */
export function isBoardOwnedRoot(name: string, worktreesPrefix?: string): boolean {
  const root = asCheckedOut(name);
  const worktreesRoot = worktreesPrefix === undefined ? undefined : asCheckedOut(worktreesPrefix).split('/').find(Boolean);
  return root === '.automaker' || root === worktreesRoot;
}

/**
 * Where a path lands on a case-insensitive file system (macOS, Windows), as far as the comparison needs: case folded,
 * the characters HFS+ ignores dropped (git's own list, utf8.c), each segment's trailing dots and spaces dropped (NTFS).
 */
function asCheckedOut(path: string): string {
  return path
    .split('/')
    .map((segment) =>
      segment
        .replace(HFS_IGNORED, '')
        .toLowerCase()
        .replace(/[. ]+$/, ''),
    )
    .join('/');
}

const OWNED = RUNTIME_PATHS.map(asCheckedOut);

function isOwned(path: string, folder: string | undefined): boolean {
  if (OWNED.some((owned) => path === owned || path.startsWith(`${owned}/`))) return true;
  return folder !== undefined && folder !== '' && (path === folder || path.startsWith(`${folder}/`));
}
