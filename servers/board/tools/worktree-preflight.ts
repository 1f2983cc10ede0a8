/**
 * Whether a repository can hold a feature worktree at all, asked before a claim (and by `doctor`): a commit to
 * start from, the base branch, and a git identity for the merge commits worktree_merge writes.
 */
import { ConfigError, ConflictError } from '../../../shared/errors.js';
import { runGit } from '../git/run-git.js';
import { branchShas } from '../git/worktree-lookups.js';

export interface WorktreeReadiness {
  base: string;
}

/** Throws one actionable sentence when `mainRoot` cannot hold a worktree; else names the base branch. */
export async function assertCanHoldWorktree(mainRoot: string, baseBranch: () => Promise<string>): Promise<WorktreeReadiness> {
  // independent questions, asked side by side: a claim pays for one git round trip, not three
  const [anyCommit, identity, base] = await Promise.all([
    // Branches only: `rev-list --all` also reads every worktree's HEAD, which is the null id for a moment while
    // another process runs `git worktree add`, and then fails as if there were no commit.
    runGit(mainRoot, ['for-each-ref', '--count=1', '--format=%(objectname)', 'refs/heads/'], { okExitCodes: [0, 128] }),
    runGit(mainRoot, ['var', 'GIT_COMMITTER_IDENT'], { okExitCodes: [0, 128] }),
    settle(baseBranch()),
  ]);
  if (anyCommit.exitCode !== 0 || !anyCommit.stdout.trim()) {
    throw new ConflictError(
      `The repository ${mainRoot} has no commit yet, so no worktree can branch from it; commit something first (git commit).`,
    );
  }
  if (!base.ok) throw base.error;
  if (!(await branchShas(mainRoot, base.value)).has(base.value)) {
    throw new ConflictError(
      `The base branch ${base.value} has no commit in ${mainRoot}; commit on it or set BOARD_BASE_BRANCH to an existing branch.`,
    );
  }
  if (identity.exitCode !== 0) {
    throw new ConfigError(
      'git has no committer identity here, so merges would fail; set user.name and user.email (git config) or GIT_COMMITTER_NAME/GIT_COMMITTER_EMAIL.',
    );
  }
  return { base: base.value };
}

async function settle<T>(work: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    return { ok: false, error };
  }
}
