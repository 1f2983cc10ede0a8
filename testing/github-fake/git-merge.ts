// Merges a pull request for real in the fake's bare repository, with git plumbing only (no worktree), so a client's
// `git fetch` sees what GitHub would have made: a merge commit, one squash commit, or the commits replayed.
import { execFileSync } from 'node:child_process';
import type { FakePull, FakeState, MergeMethod } from './state.js';

export type { MergeMethod } from './state.js';

export type GitMergeResult = { ok: true; sha: string } | { ok: false; reason: 'conflict' | 'base-moved' | 'no-branch' };

// GitHub's own identity commits what it merges; the test machine may have no git identity at all.
const COMMITTER = { GIT_COMMITTER_NAME: 'GitHub', GIT_COMMITTER_EMAIL: 'noreply@github.com' };

function git(gitDir: string, args: string[], env: Record<string, string> = {}, input?: string): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...COMMITTER, ...env },
    stdio: ['pipe', 'pipe', 'ignore'],
    ...(input !== undefined ? { input } : {}),
  }).trim();
}

export function refSha(gitDir: string, branch: string): string | undefined {
  try {
    return git(gitDir, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`]) || undefined;
  } catch {
    return undefined;
  }
}

/** The tree of merging `theirs` into `ours`, or undefined when they conflict. */
export function mergedTree(gitDir: string, ours: string, theirs: string): string | undefined {
  try {
    return git(gitDir, ['merge-tree', '--write-tree', '--no-messages', ours, theirs]).split('\n')[0];
  } catch {
    return undefined; // exit status 1: conflicts
  }
}

/** Whether the PR's head still merges cleanly into its base, as GitHub's `mergeable` reports it. */
export function isMergeable(gitDir: string, pull: FakePull): boolean | undefined {
  const base = refSha(gitDir, pull.baseRef);
  if (!base) return undefined;
  return mergedTree(gitDir, base, pull.headSha) !== undefined;
}

interface Options {
  method: MergeMethod;
  /** `commit_title` / `commit_message` of the merge request, when the client set them. */
  title?: string;
  message?: string;
}

export function mergePull(gitDir: string, s: FakeState, pull: FakePull, options: Options): GitMergeResult {
  const base = refSha(gitDir, pull.baseRef);
  if (!base) return { ok: false, reason: 'no-branch' };
  const head = pull.headSha;
  const tree = mergedTree(gitDir, base, head);
  if (!tree) return { ok: false, reason: 'conflict' };
  const merger = { GIT_AUTHOR_NAME: s.viewer, GIT_AUTHOR_EMAIL: `${s.viewer}@users.noreply.github.com` };
  let sha: string;
  if (options.method === 'merge') {
    const title = options.title ?? `Merge pull request #${pull.number} from ${pull.headOwner ?? s.owner}/${pull.headRef}`;
    const message = options.message ?? pull.title;
    sha = git(gitDir, ['commit-tree', tree, '-p', base, '-p', head, '-F', '-'], merger, `${title}\n\n${message}\n`);
  } else if (options.method === 'squash') {
    // GitHub's default squash message: "<PR title> (#n)", then the squashed commits' messages as a list.
    const title = options.title ?? `${pull.title} (#${pull.number})`;
    const message =
      options.message ??
      commitsOf(gitDir, base, head)
        .map((c) => `* ${git(gitDir, ['log', '-1', '--format=%B', c])}`)
        .join('\n\n');
    sha = git(gitDir, ['commit-tree', tree, '-p', base, '-F', '-'], authorOf(gitDir, head), `${title}\n\n${message}\n`);
  } else {
    sha = base;
    for (const commit of commitsOf(gitDir, base, head)) {
      // Merging each original commit into what was replayed so far: the earlier commits' changes are on both
      // sides, so only this commit's change is new (git 2.39 has no merge-tree --merge-base to cherry-pick).
      const step = mergedTree(gitDir, sha, commit);
      if (!step) return { ok: false, reason: 'conflict' };
      sha = git(
        gitDir,
        ['commit-tree', step, '-p', sha, '-F', '-'],
        authorOf(gitDir, commit),
        git(gitDir, ['log', '-1', '--format=%B', commit]),
      );
    }
  }
  try {
    // The old value guards against a push that moved the base while this merge was computed.
    git(gitDir, ['update-ref', `refs/heads/${pull.baseRef}`, sha, base]);
  } catch {
    return { ok: false, reason: 'base-moved' };
  }
  return { ok: true, sha };
}

export function deleteBranch(gitDir: string, branch: string): void {
  const sha = refSha(gitDir, branch);
  if (sha) git(gitDir, ['update-ref', '-d', `refs/heads/${branch}`, sha]);
}

/** The PR's own commits, oldest first, merges left out (as GitHub's rebase does). */
function commitsOf(gitDir: string, base: string, head: string): string[] {
  return git(gitDir, ['rev-list', '--reverse', '--no-merges', `${base}..${head}`])
    .split('\n')
    .filter(Boolean);
}

function authorOf(gitDir: string, commit: string): Record<string, string> {
  const [name = '', email = '', date = ''] = git(gitDir, ['log', '-1', '--format=%an%n%ae%n%aI', commit]).split('\n');
  return { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date };
}

/**
 * Before each request: open PRs follow their branches in the bare repository as GitHub's do (a push moves the
 * head; a base that moved under them is re-checked for conflicts). `mergeable: null` (still computing) is left
 * for the test to settle.
 */
export function followBranches(gitDir: string, s: FakeState): void {
  for (const pull of s.pulls) {
    if (pull.state !== 'open' || pull.headOwner !== undefined) continue;
    const head = refSha(gitDir, pull.headRef);
    if (head && head !== pull.headSha) pull.headSha = head;
    if (pull.mergeable !== null) pull.mergeable = isMergeable(gitDir, pull) ?? pull.mergeable;
  }
}
