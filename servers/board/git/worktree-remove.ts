/**
 * Removing a feature's worktree (and optionally its branch), refusing while that would lose work: uncommitted or
 * untracked files, commits in neither the base nor the remote's base, a lock, or the server running inside it —
 * unless forced.
 */
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import { branchBeyondBase, type CommitSummary, commitsOnlyAt } from './merge.js';
import { remoteOfBase } from './fresh-base.js';
import { mergedInto } from './merged-upstream.js';
import { realOrSame } from './repo.js';
import { GitCommandError, git } from './run-git.js';
import { findBranchWorktree } from './worktree-find.js';
import type { WorktreeContext } from './worktree-types.js';
import { firstLine, optionalGit, workingTreeDirt, type Dirt } from './worktree-lookups.js';

export interface RemoveOptions {
  force?: boolean;
  deleteBranch?: boolean;
}

export async function removeWorktree(
  ctx: WorktreeContext,
  branch: string,
  opts: RemoveOptions,
): Promise<{ removed: boolean; branchDeleted: boolean }> {
  const force = opts.force === true;
  const base = await ctx.baseBranch();
  if (branch === base) throw new ConflictError(`${branch} is the base branch itself; it has no feature worktree to remove.`);
  // two independent questions at once: the registrations from the repository's files, and one `git log` for whether
  // the branch exists and what it has that the base has not
  const [{ onBranch, atPath, path: conventional }, beyond] = await Promise.all([
    findBranchWorktree(ctx, branch, { fromFiles: true }),
    branchBeyondBase(ctx.mainRoot, base, branch),
  ]);
  if (!onBranch && atPath && atPath.branch !== undefined) {
    throw new ConflictError(`The folder ${conventional} holds branch ${atPath.branch}, not ${branch}; refusing to remove it.`);
  }
  // a worktree on the branch, or one left detached at the branch's folder
  const registered = onBranch ?? atPath;
  const path = registered?.path ?? conventional;
  const branchExists = beyond.exists;
  if (!registered && !branchExists) throw new NotFoundError(`There is no worktree or branch ${branch}.`);
  const live = registered && !registered.prunable && existsSync(path);
  const [head] = beyond.unmerged; // log starts at the branch's head
  const unmerged = head ? await unmergedUpstream(ctx.mainRoot, base, head.sha, beyond.unmerged) : [];
  if (live && registered.branch === undefined && registered.head) {
    // a detached HEAD: commits made there live on no branch and would become unreachable
    unmerged.push(...(await commitsOnlyAt(ctx.mainRoot, registered.head)));
  }
  const insideUs = live && isWithin(path, process.cwd());
  const refusal = async () =>
    new Refusal(branch, live ? await workingTreeDirt(path) : { uncommitted: [], untracked: [] }, unmerged, registered?.locked, insideUs);
  if (!force && (unmerged.length > 0 || registered?.locked || insideUs)) throw (await refusal()).error();
  let removed = false;
  if (live) {
    try {
      // git refuses by itself while the folder has uncommitted or untracked files: the one scan of the folder
      await git(ctx.mainRoot, ['worktree', 'remove', ...(force ? ['--force', '--force'] : []), path]);
    } catch (error) {
      const found = !force && error instanceof GitCommandError ? await refusal() : undefined;
      if (found?.losesWork) throw found.error();
      throw asConflict(`remove the worktree ${path}`, error);
    }
    removed = true;
  }
  if (!live) {
    // a registration whose folder is gone (`worktree remove` above already deregistered a live one)
    await git(ctx.mainRoot, ['worktree', 'prune']);
    if (registered) removed = true;
  }
  let branchDeleted = false;
  if (opts.deleteBranch && branchExists) {
    await git(ctx.mainRoot, ['branch', '-D', branch]).catch((error: unknown) => {
      throw asConflict(`delete ${branch}`, error);
    });
    branchDeleted = true;
  }
  return { removed, branchDeleted };
}

/** What removing would lose, as the one refusal the model reads (and the lists, for the log and tests). */
class Refusal {
  constructor(
    private readonly branch: string,
    private readonly dirt: Dirt,
    private readonly unmerged: CommitSummary[],
    private readonly locked?: string,
    private readonly insideUs?: boolean,
  ) {}

  get losesWork(): boolean {
    return (
      this.dirt.uncommitted.length + this.dirt.untracked.length + this.unmerged.length > 0 || Boolean(this.locked) || Boolean(this.insideUs)
    );
  }

  error(): ConflictError {
    return new ConflictError(
      `Refusing to remove ${this.branch}: ${describeLoss(this.dirt, this.unmerged.length, this.locked, this.insideUs)}; commit and merge first (a PR merged upstream: feature_finish), or pass force to discard.`,
      {
        uncommitted: this.dirt.uncommitted.slice(0, 50),
        untracked: this.dirt.untracked.slice(0, 50),
        unmergedCommits: this.unmerged.slice(0, 20).map((c) => ({ sha: c.sha.slice(0, 12), subject: c.subject.slice(0, 120) })),
        unmergedCount: this.unmerged.length,
        ...(this.locked ? { locked: this.locked } : {}),
      },
    );
  }
}

/**
 * The branch's commits not in the local base, unless its work is in the remote's base as last fetched (a PR merged
 * upstream by merge, rebase or squash counts as merged; feature_finish fetches first).
 */
async function unmergedUpstream(mainRoot: string, base: string, branchSha: string, unmerged: CommitSummary[]): Promise<CommitSummary[]> {
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
function asConflict(what: string, error: unknown): unknown {
  if (error instanceof GitCommandError) return new ConflictError(`git refused to ${what}: ${firstLine(error.gitMessage)}`);
  return error;
}
