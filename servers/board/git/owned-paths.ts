/**
 * Paths the board owns in the main checkout. Its runtime state (`.automaker/features/`, the lock) and the worktrees
 * folder are only git-ignored, and git treats ignored files as expendable: a merge or fast-forward that brings them
 * in overwrites them. So a merge whose result changes any of them — or puts a symlink anywhere under `.automaker/`,
 * where the board reads settings and context — is refused before the base moves.
 *
 * API
 *   boardOwnedChanges(cwd, from, to, worktreesPrefix?) → the paths between the two commits (or trees) that the board
 *     owns or that are symlinks under .automaker/ (empty when the merge is safe)
 */
import { git, splitNul } from './run-git.js';

const OWNED_PREFIXES = ['.automaker/features/'];
const OWNED_FILES = ['.automaker/features', '.automaker/.features.lock'];
const SYMLINK_MODE = '120000';

export async function boardOwnedChanges(cwd: string, fromSha: string, toSha: string, worktreesPrefix?: string): Promise<string[]> {
  const scopes = ['.automaker', ...(worktreesPrefix ? [worktreesPrefix.replace(/\/+$/, '')] : [])];
  const out = await git(cwd, [
    'diff-tree',
    '-r',
    '-z',
    '--no-renames',
    '--raw',
    fromSha,
    toSha,
    '--',
    ...scopes.map((s) => `:(literal)${s}`),
  ]);
  const records = splitNul(out);
  const owned: string[] = [];
  for (let i = 0; i + 1 < records.length; i += 2) {
    const [, newMode = ''] = (records[i] ?? '').slice(1).split(' ');
    const path = records[i + 1] ?? '';
    if (isOwned(path, worktreesPrefix) || (newMode === SYMLINK_MODE && path.startsWith('.automaker/'))) owned.push(path);
  }
  return owned;
}

function isOwned(path: string, worktreesPrefix?: string): boolean {
  if (OWNED_FILES.includes(path) || OWNED_PREFIXES.some((prefix) => path.startsWith(prefix))) return true;
  if (!worktreesPrefix) return false;
  const folder = worktreesPrefix.replace(/\/+$/, '');
  return path === folder || path.startsWith(`${folder}/`);
}
