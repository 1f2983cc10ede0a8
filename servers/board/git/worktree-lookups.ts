/**
 * Small git lookups the worktree flows share: branch heads, a checkout's uncommitted and untracked files, fork
 * points, and comparing registered worktree paths.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NotFoundError } from '../../../shared/errors.js';
import { realOrSame } from './repo.js';
import { git, runGit, splitNul } from './run-git.js';

export interface Dirt {
  uncommitted: string[];
  untracked: string[];
}

/** Branch name → commit, for the names that exist (one for-each-ref for all of them). */
export async function branchShas(mainRoot: string, ...names: string[]): Promise<Map<string, string>> {
  const heads = await branchHeads(mainRoot, ...names);
  return new Map([...heads].map(([name, head]) => [name, head.sha]));
}

export interface BranchHead {
  sha: string;
  /** The live checkout (main or linked) that has the branch checked out, when there is one. */
  checkout?: string;
}

/**
 * Branch name → its commit and the checkout that has it (`%(worktreepath)`, spares a `git worktree list`). A
 * checkout whose folder is gone (git calls it prunable) is left out, the way `git worktree list` flags it: its `.git`
 * file is missing.
 */
export async function branchHeads(mainRoot: string, ...names: string[]): Promise<Map<string, BranchHead>> {
  const refs = names.map((name) => `refs/heads/${name}`);
  const out = await git(mainRoot, ['for-each-ref', '--format=%(objectname)%00%(refname)%00%(worktreepath)', ...refs]);
  const heads = new Map<string, BranchHead>();
  for (const line of out.split('\n')) {
    const [sha = '', ref = '', checkout = ''] = line.split('\0');
    if (!sha || !refs.includes(ref)) continue;
    const live = checkout && existsSync(join(checkout, '.git'));
    heads.set(ref.slice('refs/heads/'.length), { sha, ...(live ? { checkout } : {}) });
  }
  return heads;
}

export function requiredSha(shas: Map<string, string>, branch: string): string {
  const sha = shas.get(branch);
  if (!sha) throw new NotFoundError(`The branch ${branch} does not exist.`);
  return sha;
}

/**
 * Tracked files with uncommitted changes (staged or not) and untracked files, from `git status`. `untracked:
 * 'folders'` lists a new folder as one entry instead of every file in it (enough to refuse, and git stops descending
 * there).
 */
export async function workingTreeDirt(
  path: string,
  { untracked: scan = 'files' }: { untracked?: 'files' | 'folders' } = {},
): Promise<Dirt> {
  const mode = scan === 'folders' ? 'normal' : 'all';
  const out = await git(path, ['status', '--porcelain=v2', '-z', `--untracked-files=${mode}`]);
  const uncommitted: string[] = [];
  const untracked: string[] = [];
  const records = splitNul(out);
  for (let i = 0; i < records.length; i++) {
    const record = records[i] ?? '';
    const kind = record[0];
    if (kind === '?') untracked.push(record.slice(2));
    else if (kind === '1') uncommitted.push(afterFields(record, 8));
    else if (kind === '2') {
      uncommitted.push(afterFields(record, 9));
      i++; // the rename's source path follows
    } else if (kind === 'u') uncommitted.push(afterFields(record, 10));
  }
  return { uncommitted, untracked };
}

/** The rest of a record after its first n space-separated fields (paths may contain spaces). */
function afterFields(record: string, n: number): string {
  let index = 0;
  for (let i = 0; i < n; i++) index = record.indexOf(' ', index) + 1;
  return record.slice(index);
}

export async function forkPoint(mainRoot: string, base: string, branch: string): Promise<string> {
  return (await git(mainRoot, ['merge-base', `refs/heads/${base}`, `refs/heads/${branch}`])).trim();
}

/** The trimmed output of a git command that may fail (exit 1 or 128), else undefined. */
export async function optionalGit(mainRoot: string, args: string[]): Promise<string | undefined> {
  const { stdout, exitCode } = await runGit(mainRoot, args, { okExitCodes: [0, 1, 128] });
  return exitCode === 0 ? stdout.trim() || undefined : undefined;
}

export function samePath(a: string, b: string): boolean {
  return realOrSame(a) === realOrSame(b) || resolve(a) === resolve(b);
}

/** The paths git lists, indented by a tab, under a refusal ("would be overwritten by merge:"). */
export function listedPaths(gitMessage: string): string[] {
  return gitMessage
    .split('\n')
    .filter((line) => /^\t/.test(line))
    .map((line) => line.trim());
}

export function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim()) ?? 'unknown error').trim().slice(0, 200);
}
