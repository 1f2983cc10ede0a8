/**
 * Removing a feature's worktree (and optionally its branch), refusing while that would lose work: uncommitted or
 * untracked files, commits in neither the base nor the remote's base, a lock, or the server running inside it —
 * unless forced.
 */
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import { type CommitSummary, commitsOnlyAt, unmergedCommits } from './merge.js';
import { remoteOfBase } from './fresh-base.js';
import { mergedInto } from './merged-upstream.js';
import { realOrSame } from './repo.js';
import { GitCommandError, git } from './run-git.js';
import { findBranchWorktree } from './worktree-find.js';
import type { WorktreeContext } from './worktree-types.js';
import { branchShas, firstLine, optionalGit, requiredSha, workingTreeDirt, type Dirt } from './worktree-lookups.js';

export interface RemoveOptions {
  force?: boolean;
  deleteBranch?: boolean;
}

export async function removeWorktree(ctx: WorktreeContext, branch: string, opts: RemoveOptions): Promise<{ removed: boolean; branchDeleted: boolean }> {
  const force = opts.force === true;
  const { onBranch, atPath, path: conventional } = await findBranchWorktree(ctx, branch);
  if (!onBranch && atPath && atPath.branch !== undefined) {
    throw new ConflictError(`The folder ${conventional} holds branch ${atPath.branch}, not ${branch}; refusing to remove it.`);
  }
  // a worktree on the branch, or one left detached at the branch's folder
  const registered = onBranch ?? atPath;
  const path = registered?.path ?? conventional;
  const base = await ctx.baseBranch();
  if (branch === base) throw new ConflictError(`${branch} is the base branch itself; it has no feature worktree to remove.`);
  const shas = await branchShas(ctx.mainRoot, base, branch);
  const branchExists = shas.has(branch);
  if (!registered && !branchExists) throw new NotFoundError(`There is no worktree or branch ${branch}.`);
  const live = registered && !registered.prunable && existsSync(path);
  const dirt = live ? await workingTreeDirt(path) : { uncommitted: [], untracked: [] };
  const unmerged = branchExists ? await unmergedAnywhere(ctx.mainRoot, base, requiredSha(shas, base), requiredSha(shas, branch)) : [];
  if (live && registered.branch === undefined && registered.head) {
    // a detached HEAD: commits made there live on no branch and would become unreachable
    unmerged.push(...(await commitsOnlyAt(ctx.mainRoot, registered.head)));
  }
  const insideUs = live && isWithin(path, process.cwd());
  if (!force && (dirt.uncommitted.length > 0 || dirt.untracked.length > 0 || unmerged.length > 0 || registered?.locked || insideUs)) {
    throw new ConflictError(
      `Refusing to remove ${branch}: ${describeLoss(dirt, unmerged.length, registered?.locked, insideUs)}; commit and merge first (a PR merged upstream: feature_finish), or pass force to discard.`,
      {
        uncommitted: dirt.uncommitted.slice(0, 50),
        untracked: dirt.untracked.slice(0, 50),
        unmergedCommits: unmerged.slice(0, 20).map((c) => ({ sha: c.sha.slice(0, 12), subject: c.subject.slice(0, 120) })),
        unmergedCount: unmerged.length,
        ...(registered?.locked ? { locked: registered.locked } : {}),
      },
    );
  }
  let removed = false;
  if (live) {
    await refusedAsConflict(`remove the worktree ${path}`, git(ctx.mainRoot, ['worktree', 'remove', ...(force ? ['--force', '--force'] : []), path]));
    removed = true;
  }
  if (!live) {
    // a registration whose folder is gone (`worktree remove` above already deregistered a live one)
    await git(ctx.mainRoot, ['worktree', 'prune']);
    if (registered) removed = true;
  }
  let branchDeleted = false;
  if (opts.deleteBranch && branchExists) {
    await refusedAsConflict(`delete ${branch}`, git(ctx.mainRoot, ['branch', '-D', branch]));
    branchDeleted = true;
  }
  return { removed, branchDeleted };
}

/**
 * Commits of the branch whose work is neither in the local base nor in the remote's base as last fetched (a PR
 * merged upstream by merge, rebase or squash counts as merged; feature_finish fetches first).
 */
async function unmergedAnywhere(mainRoot: string, base: string, baseSha: string, branchSha: string): Promise<CommitSummary[]> {
  const unmerged = await unmergedCommits(mainRoot, baseSha, branchSha);
  if (unmerged.length === 0) return unmerged;
  const remote = await remoteOfBase(mainRoot, base);
  const remoteSha = remote ? await optionalGit(mainRoot, ['rev-parse', '--verify', '-q', `${remote.trackingRef}^{commit}`]) : undefined;
  if (remoteSha && (await mergedInto(mainRoot, remoteSha, branchSha))) return [];
  return unmerged;
}

export function isWithin(root: string, target: string): boolean {
  const rel = relative(realOrSame(root), realOrSame(target));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

function describeLoss(dirt: Dirt, unmerged: number, locked?: string, insideUs?: boolean): string {
  const parts: string[] = [];
  if (dirt.uncommitted.length) parts.push(`${dirt.uncommitted.length} uncommitted file(s)`);
  if (dirt.untracked.length) parts.push(`${dirt.untracked.length} untracked file(s)`);
  if (unmerged) parts.push(`${unmerged} commit(s) not merged into the base`);
  if (locked) parts.push(`the worktree is locked (${locked})`);
  if (insideUs) parts.push('the board server runs inside it');
  return parts.join(', ');
}

/** git said no (a submodule, a branch checked out elsewhere…): one sentence with git's reason, nothing else done. */
async function refusedAsConflict<T>(what: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof GitCommandError) throw new ConflictError(`git refused to ${what}: ${firstLine(error.gitMessage)}`);
    throw error;
  }
}
