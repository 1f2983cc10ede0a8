/**
 * Finding the repository (from the main checkout or any linked worktree) and its registered worktrees.
 *
 * API
 *   locateRepo(cwd) → { mainRoot, gitCommonDir, currentWorktree }   all absolute and realpath'd; mainRoot is the main
 *     checkout even when cwd is inside a linked worktree. NotFoundError when cwd is not in a git working tree.
 *   excludeFromGit(loc, patterns)   appends the missing lines to <gitCommonDir>/info/exclude (never .gitignore)
 *   listRegisteredWorktrees(cwd)    `git worktree list --porcelain -z`, parsed; the main checkout is entry 0
 */
import { existsSync, realpathSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, NotFoundError } from '../../../shared/errors.js';
import { GitCommandError, git, splitNul } from './run-git.js';

export interface RepoLocation {
  mainRoot: string;
  gitCommonDir: string;
  currentWorktree: string;
}

export interface RegisteredWorktree {
  path: string;
  head?: string;
  /** Short branch name (`feature/x`), absent when detached. */
  branch?: string;
  bare: boolean;
  locked?: string;
  /** Set when git knows the folder is gone (`prunable`). */
  prunable?: string;
}

export async function locateRepo(cwd: string): Promise<RepoLocation> {
  if (!existsSync(cwd)) throw new NotFoundError(`The directory ${cwd} does not exist.`);
  // both questions at once (the first call of a session waits for them); outside a repository both fail
  const [located, worktrees] = await Promise.allSettled([
    git(cwd, ['rev-parse', '--path-format=absolute', '--git-common-dir', '--show-toplevel']),
    listRegisteredWorktrees(cwd),
  ]);
  if (located.status === 'rejected') {
    if (located.reason instanceof GitCommandError) {
      throw new NotFoundError(`${cwd} is not inside a git working tree; start the board in a git repository.`);
    }
    throw located.reason;
  }
  const [commonDir, toplevel] = located.value.split('\n');
  if (!commonDir || !toplevel) throw new NotFoundError(`${cwd} is not inside a git working tree.`);
  if (worktrees.status === 'rejected') throw worktrees.reason;
  const main = worktrees.value[0];
  if (!main || main.bare) throw new NotFoundError('The repository has no main working tree (bare repository).');
  return {
    mainRoot: realpathSync.native(main.path),
    gitCommonDir: realpathSync.native(commonDir),
    currentWorktree: realpathSync.native(toplevel),
  };
}

export async function excludeFromGit(loc: RepoLocation, patterns: string[]): Promise<void> {
  for (const pattern of patterns) {
    if (!pattern.trim() || /[\r\n]/.test(pattern)) throw new InputError('An exclude pattern must be one non-empty line.');
  }
  const file = join(loc.gitCommonDir, 'info', 'exclude');
  await mkdir(join(loc.gitCommonDir, 'info'), { recursive: true });
  const current = existsSync(file) ? await readFile(file, 'utf8') : '';
  const present = new Set(current.split(/\r?\n/).map((line) => line.trim()));
  const missing = [...new Set(patterns)].filter((pattern) => !present.has(pattern.trim()));
  if (missing.length === 0) return;
  const separator = current.length > 0 && !current.endsWith('\n') ? '\n' : '';
  await appendFile(file, `${separator}${missing.join('\n')}\n`, 'utf8');
}

export async function listRegisteredWorktrees(cwd: string, signal?: AbortSignal): Promise<RegisteredWorktree[]> {
  const out = await git(cwd, ['worktree', 'list', '--porcelain', '-z'], signal ? { signal } : {});
  const worktrees: RegisteredWorktree[] = [];
  let entry: RegisteredWorktree | undefined;
  for (const field of splitNul(out)) {
    if (field === '') {
      entry = undefined;
      continue;
    }
    const space = field.indexOf(' ');
    const key = space === -1 ? field : field.slice(0, space);
    const value = space === -1 ? '' : field.slice(space + 1);
    if (key === 'worktree') {
      entry = { path: value, bare: false };
      worktrees.push(entry);
    } else if (!entry) {
    } else if (key === 'HEAD') {
      entry.head = value;
    } else if (key === 'branch') {
      entry.branch = value.replace(/^refs\/heads\//, '');
    } else if (key === 'bare') {
      entry.bare = true;
    } else if (key === 'locked') {
      entry.locked = value || 'locked';
    } else if (key === 'prunable') {
      entry.prunable = value || 'folder missing';
    }
  }
  return worktrees;
}

/** realpath when the path exists, else the path as given (a missing folder cannot be a symlink). */
export function realOrSame(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}
