/**
 * Small git lookups the worktree flows share: branch heads, a checkout's uncommitted and untracked files, fork
 * points, and comparing registered worktree paths.
 */
import { resolve } from 'node:path';
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

/** Branch name → its commit and that commit's tree (the tree spares a merge one `rev-parse`). */
export async function branchHeads(mainRoot: string, ...names: string[]): Promise<Map<string, { sha: string; tree: string }>> {
  const refs = names.map((name) => `refs/heads/${name}`);
  const out = await git(mainRoot, ['for-each-ref', '--format=%(objectname) %(tree) %(refname)', ...refs]);
  const heads = new Map<string, { sha: string; tree: string }>();
  for (const line of out.split('\n')) {
    const [sha = '', tree = '', ...rest] = line.split(' ');
    const ref = rest.join(' ');
    if (sha && refs.includes(ref)) heads.set(ref.slice('refs/heads/'.length), { sha, tree });
  }
  return heads;
}

export function requiredSha(shas: Map<string, string>, branch: string): string {
  const sha = shas.get(branch);
  if (!sha) throw new NotFoundError(`The branch ${branch} does not exist.`);
  return sha;
}

/**
 * Tracked files with uncommitted changes (staged or not) and, unless `untracked` is false, untracked files, from
 * `git status` (skipping the untracked scan saves a walk of every folder where only tracked changes matter).
 */
export async function workingTreeDirt(path: string, { untracked: scanUntracked = true } = {}): Promise<Dirt> {
  const out = await git(path, ['status', '--porcelain=v2', '-z', `--untracked-files=${scanUntracked ? 'all' : 'no'}`]);
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

export function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim()) ?? 'unknown error').trim().slice(0, 200);
}
