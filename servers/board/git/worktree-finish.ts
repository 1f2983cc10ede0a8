/**
 * Finishing a feature whose branch was merged upstream (its PR merged on GitHub by merge, rebase or squash):
 * first prove it — fetch the remote's base, find the branch's work there, find the commit that brought it — then,
 * once the board has recorded it, clean up: fast-forward the local base, remove the worktree, delete the branch.
 * The two steps are apart so the feature is recorded done before anything is deleted; the clean-up re-checks that
 * the branch and its worktree did not move in between and leaves them (with a note) when they did.
 */
import { existsSync } from 'node:fs';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import { fastForwardBase, fetchBase, remoteOfBase, type FastForward } from './fresh-base.js';
import { isAncestor } from './merge.js';
import { containingCommit, mergedInto, type MergedHow } from './merged-upstream.js';
import { GitCommandError, git, runGit } from './run-git.js';
import { assertSafeBranchName } from './sanitize.js';
import { findBranchWorktree } from './worktree-find.js';
import { branchShas, workingTreeDirt } from './worktree-lookups.js';
import { isWithin } from './worktree-remove.js';
import type { WorktreeContext } from './worktree-types.js';

export interface FinishProof {
  branch: string;
  branchSha: string;
  base: string;
  /** `origin/main` */
  remoteBase: string;
  remoteSha: string;
  how: MergedHow;
  /** The remote base commit that brought the branch's work (the PR's merge commit when it was given and fits). */
  mergeCommit: string;
}

export interface FinishOptions {
  signal?: AbortSignal;
  /** The merge commit the feature's PR recorded (pr_merge), preferred when it is on the remote base. */
  prMergeCommit?: string;
}

export interface FinishCleanUp {
  localBase: FastForward;
  removed: boolean;
  branchDeleted: boolean;
  /** Why something was left in place. */
  notes: string[];
}

export async function checkFinished(ctx: WorktreeContext, branch: string, opts: FinishOptions = {}): Promise<FinishProof> {
  assertSafeBranchName(branch);
  const base = await ctx.baseBranch();
  if (branch === base) throw new ConflictError(`${branch} is the base branch itself; there is no feature branch to finish.`);
  const remote = await remoteOfBase(ctx.mainRoot, base);
  if (!remote)
    throw new ConflictError(`No remote tracks ${base}, so nothing is merged upstream; merge locally with worktree_merge instead.`);
  const branchSha = (await branchShas(ctx.mainRoot, branch)).get(branch);
  if (!branchSha) throw new NotFoundError(`The branch ${branch} does not exist here (already finished, or never created).`);
  const remoteSha = await fetchBase(ctx.mainRoot, remote, {
    ...(ctx.fetchTimeoutMs !== undefined ? { timeoutMs: ctx.fetchTimeoutMs } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const how = await mergedInto(ctx.mainRoot, remoteSha, branchSha);
  if (!how) {
    const count = (await git(ctx.mainRoot, ['rev-list', '--count', `${remoteSha}..${branchSha}`])).trim();
    throw new ConflictError(
      `${branch} is not merged into ${remote.label} yet (${count} commit(s) of it are not there); merge its pull request first, then call feature_finish again. Nothing was changed.`,
    );
  }
  await refuseDirtyWorktree(ctx, branch);
  const given = opts.prMergeCommit;
  const mergeCommit =
    given && (await fits(ctx.mainRoot, given, remoteSha)) ? given : await containingCommit(ctx.mainRoot, remoteSha, branchSha, how);
  return { branch, branchSha, base, remoteBase: remote.label, remoteSha, how, mergeCommit };
}

export async function cleanUpFinished(ctx: WorktreeContext, proof: FinishProof): Promise<FinishCleanUp> {
  const notes: string[] = [];
  const localBase = await fastForwardBase(ctx.mainRoot, proof.base, proof.remoteSha, proof.remoteBase, { worktreesDir: ctx.worktreesDir });
  if (localBase.note) notes.push(localBase.note);
  const sha = (await branchShas(ctx.mainRoot, proof.branch)).get(proof.branch);
  if (sha !== proof.branchSha) {
    notes.push(`${proof.branch} moved after it was found merged; its worktree and branch were kept.`);
    return { localBase, removed: false, branchDeleted: false, notes };
  }
  const { onBranch } = await findBranchWorktree(ctx, proof.branch);
  let removed = false;
  if (onBranch && (onBranch.prunable || !existsSync(onBranch.path))) {
    await runGit(ctx.mainRoot, ['worktree', 'prune'], { okExitCodes: [0, 128] });
  } else if (onBranch) {
    const why = await reasonToKeep(onBranch.path, onBranch.locked);
    if (why) {
      notes.push(`the worktree ${onBranch.path} was kept: ${why}.`);
      return { localBase, removed: false, branchDeleted: false, notes };
    }
    await git(ctx.mainRoot, ['worktree', 'remove', onBranch.path]);
    removed = true;
  }
  // proven merged upstream, so -D (the local base may not contain a squash of it) loses nothing
  const deleted = await runGit(ctx.mainRoot, ['branch', '-D', proof.branch], { okExitCodes: [0, 1] });
  if (deleted.exitCode !== 0) notes.push(`the branch ${proof.branch} was kept (git could not delete it).`);
  return { localBase, removed, branchDeleted: deleted.exitCode === 0, notes };
}

async function refuseDirtyWorktree(ctx: WorktreeContext, branch: string): Promise<void> {
  const { onBranch } = await findBranchWorktree(ctx, branch);
  if (!onBranch || onBranch.prunable || !existsSync(onBranch.path)) return;
  const dirt = await workingTreeDirt(onBranch.path);
  if (dirt.uncommitted.length + dirt.untracked.length === 0) return;
  throw new ConflictError(
    `${branch} is merged upstream, but its worktree ${onBranch.path} has ${dirt.uncommitted.length} uncommitted and ${dirt.untracked.length} untracked file(s) that are not; commit them to a new feature, or delete them, then retry. Nothing was changed.`,
    { uncommitted: dirt.uncommitted.slice(0, 50), untracked: dirt.untracked.slice(0, 50) },
  );
}

async function reasonToKeep(path: string, locked?: string): Promise<string | undefined> {
  if (locked) return `it is locked (${locked})`;
  if (isWithin(path, process.cwd())) return 'the board server runs inside it';
  const dirt = await workingTreeDirt(path);
  if (dirt.uncommitted.length + dirt.untracked.length > 0) return 'files changed in it after the check';
  return undefined;
}

/** A merge commit the PR recorded counts only when it is a commit of the remote base as fetched. */
async function fits(mainRoot: string, commit: string, remoteSha: string): Promise<boolean> {
  if (!/^[0-9a-f]{40}$/.test(commit)) return false;
  try {
    return await isAncestor(mainRoot, commit, remoteSha);
  } catch (error) {
    if (error instanceof GitCommandError) return false; // not fetched here (another remote, or rewritten)
    throw error;
  }
}
