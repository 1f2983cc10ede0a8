/**
 * Branch heads and the checkouts that have them, read from the repository's files (no git process; each costs
 * ~15 ms here): a loose ref `<common dir>/refs/heads/<name>`, else its line in `packed-refs`; the checkouts from the
 * worktree registrations. Anything these files cannot answer plainly — a reftable repository, a symbolic branch, a
 * branch not found — is asked of git (`for-each-ref`), so the answer is never a guess.
 *
 * API
 *   branchesAndCheckouts(loc, ...names) → Map name → { sha, checkout? }   checkout: the live checkout (main or linked)
 *     that has the branch checked out; names that do not exist are absent
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoLocation } from './repo.js';
import { isSafeBranchName } from './sanitize.js';
import { type BranchHead, branchHeads } from './worktree-lookups.js';
import { readRegisteredWorktrees } from './worktree-registry.js';

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export async function branchesAndCheckouts(loc: RepoLocation, ...names: string[]): Promise<Map<string, BranchHead>> {
  const shas = readBranchShas(loc.gitCommonDir, names);
  if (!shas) return branchHeads(loc.mainRoot, ...names);
  const worktrees = readRegisteredWorktrees(loc.mainRoot, loc.gitCommonDir);
  const found = new Map<string, BranchHead>();
  for (const [name, sha] of shas) {
    const checkout = worktrees.find((w) => w.branch === name && !w.prunable && existsSync(w.path))?.path;
    found.set(name, { sha, ...(checkout ? { checkout } : {}) });
  }
  return found;
}

/** Every name's commit from the files, or undefined when any of them needs git to tell. */
function readBranchShas(gitCommonDir: string, names: string[]): Map<string, string> | undefined {
  // only a valid branch name becomes a path under refs/heads; git answers for anything else
  if (existsSync(join(gitCommonDir, 'reftable')) || !names.every(isSafeBranchName)) return undefined;
  const shas = new Map<string, string>();
  const packed = lazily(() => readPacked(gitCommonDir));
  for (const name of names) {
    const loose = readLoose(join(gitCommonDir, 'refs', 'heads', name));
    if (loose === 'ask-git') return undefined;
    const sha = loose ?? packed().get(`refs/heads/${name}`);
    if (!sha) return undefined; // missing here: let git say whether it exists
    shas.set(name, sha);
  }
  return shas;
}

function lazily<T>(make: () => T): () => T {
  let value: { made: T } | undefined;
  return () => {
    value ??= { made: make() };
    return value.made;
  };
}

function readLoose(file: string): string | undefined | 'ask-git' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' ? undefined : 'ask-git';
  }
  return SHA.test(text) ? text : 'ask-git';
}

function readPacked(gitCommonDir: string): Map<string, string> {
  const refs = new Map<string, string>();
  let text = '';
  try {
    text = readFileSync(join(gitCommonDir, 'packed-refs'), 'utf8');
  } catch {
    return refs;
  }
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.startsWith('^')) continue;
    const space = line.indexOf(' ');
    const sha = line.slice(0, space);
    if (space > 0 && SHA.test(sha)) refs.set(line.slice(space + 1).trimEnd(), sha);
  }
  return refs;
}
