/**
 * The registered worktrees read from the repository's own files, as `git worktree list` reads them, without a git
 * process (each one costs ~15 ms here): the main checkout, then every `<common dir>/worktrees/<id>/` with its `gitdir`
 * (the path of the worktree's `.git` file), `HEAD` (a branch, or the commit of a detached HEAD) and `locked` (the
 * reason). An entry whose `gitdir` cannot be read is skipped, as git skips it; one whose `.git` file is gone is
 * prunable unless locked, as git says.
 *
 * API
 *   readRegisteredWorktrees(mainRoot, gitCommonDir) → RegisteredWorktree[]   main checkout first; a branch entry has
 *     no `head` (resolving it would read the refs: ask `git worktree list` when the commit is needed)
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { RegisteredWorktree } from './repo.js';

export function readRegisteredWorktrees(mainRoot: string, gitCommonDir: string): RegisteredWorktree[] {
  const main: RegisteredWorktree = { path: mainRoot, bare: false, ...headOf(join(gitCommonDir, 'HEAD')) };
  const folder = join(gitCommonDir, 'worktrees');
  let ids: string[];
  try {
    ids = readdirSync(folder);
  } catch {
    return [main];
  }
  const linked: RegisteredWorktree[] = [];
  for (const id of ids) {
    const admin = join(folder, id);
    const gitFile = readText(join(admin, 'gitdir'));
    if (!gitFile) continue;
    // git ≥ 2.48 may write it relative to the admin folder (worktree.useRelativePaths)
    const dotGit = isAbsolute(gitFile) ? gitFile : resolve(admin, gitFile);
    const path = dotGit.endsWith('/.git') ? dirname(dotGit) : dotGit;
    const lock = readText(join(admin, 'locked'), true);
    const entry: RegisteredWorktree = { path, bare: false, ...headOf(join(admin, 'HEAD')) };
    if (lock !== undefined) entry.locked = lock || 'locked';
    else if (!existsSync(dotGit)) entry.prunable = 'gitdir file points to non-existent location';
    linked.push(entry);
  }
  return [main, ...linked];
}

function headOf(file: string): Pick<RegisteredWorktree, 'branch' | 'head'> {
  const head = readText(file) ?? '';
  if (head.startsWith('ref: ')) return { branch: head.slice('ref: '.length).replace(/^refs\/heads\//, '') };
  return /^[0-9a-f]{40,64}$/.test(head) ? { head } : {};
}

/** The file's text without trailing white space; undefined when it cannot be read (empty text only if allowEmpty). */
function readText(file: string, allowEmpty = false): string | undefined {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text || allowEmpty ? text : undefined;
  } catch {
    return undefined;
  }
}
