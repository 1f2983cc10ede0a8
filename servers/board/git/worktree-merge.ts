/**
 * Merging a feature branch into the base: refuse on a dirty feature worktree, conflicts or paths the board owns,
 * build the commit from objects only, then move the base ref (or fast-forward the checkout that has it, as `git
 * merge` would) with a compare-and-swap.
 */
import { ConflictError, InputError } from '../../../shared/errors.js';
import { branchesAndCheckouts } from './branch-refs.js';
import { type MergeStrategy, type TreeChange, buildMergeCommit } from './merge.js';
import { boardOwnedPaths, isBoardOwnedRoot, worktreesFolderIn } from './owned-paths.js';
import { GitCommandError, git } from './run-git.js';
import type { MergeResult, Progress, WorktreeContext } from './worktree-types.js';
import { firstLine, listedPaths, requiredSha, workingTreeDirt } from './worktree-lookups.js';

export type MergeOptions = Progress & { strategy: MergeStrategy; message?: string };

export async function mergeWorktree(ctx: WorktreeContext, branch: string, opts: MergeOptions): Promise<MergeResult> {
  const { signal, progress } = opts;
  if (!['merge', 'squash', 'rebase'].includes(opts.strategy)) throw new InputError('strategy must be merge, squash or rebase.');
  progress?.(0, 4, 'checking');
  const base = await ctx.baseBranch();
  const baseRef = `refs/heads/${base}`;
  // both commits and the checkouts that have them, from the repository's files (git only when they cannot say)
  const loc = await ctx.repoLocation();
  const heads = await branchesAndCheckouts(loc, base, branch);
  const shas = new Map([...heads].map(([name, head]) => [name, head.sha]));
  const oldSha = requiredSha(shas, base);
  const featureSha = requiredSha(shas, branch);
  const featureTree = heads.get(branch)?.checkout;
  const baseCheckout = heads.get(base)?.checkout;
  const worktreesPrefix = worktreesFolderIn(ctx.mainRoot, ctx.worktreesDir);
  progress?.(1, 4, `computing ${opts.strategy}`);
  // The read-only check of the feature worktree and the object-only merge run side by side; a refusal below leaves
  // only unreachable objects. The base checkout is not scanned here: git's own fast-forward at the end refuses to
  // overwrite its uncommitted changes and keeps the rest, as `git merge` does (its index refresh is that scan).
  // Each spawn holds the event loop until git has started (5 ms here, more on a loaded machine), so the longest
  // process starts first.
  const featureDirt = featureTree ? workingTreeDirt(featureTree, { untracked: 'folders' }) : undefined; // a new folder is one entry
  const built = settle(
    buildMergeCommit(ctx.mainRoot, {
      strategy: opts.strategy,
      base: oldSha,
      feature: featureSha,
      branch,
      checkChanges: (changes) => refuseBoardOwnedChanges(changes, branch, worktreesPrefix),
      guarded: { gitCommonDir: loc.gitCommonDir, isGuarded: (name) => isBoardOwnedRoot(name, worktreesPrefix) },
      ...(opts.message !== undefined ? { message: opts.message } : {}),
      ...(signal ? { signal } : {}),
      ...(progress ? { progress: (n: number, t: number, m: string) => progress(1 + n / Math.max(t, 1), 4, m) } : {}),
    }),
  );
  const [dirt, merged] = await Promise.all([featureDirt, built]);
  if (dirt && dirt.uncommitted.length + dirt.untracked.length > 0) {
    throw new ConflictError(`The worktree of ${branch} has uncommitted or untracked files; commit them (or ignore them) before merging.`, {
      uncommitted: dirt.uncommitted.slice(0, 50),
      untracked: dirt.untracked.slice(0, 50),
    });
  }
  if (!merged.ok) throw merged.error;
  const newSha = merged.value;
  if (!newSha) {
    progress?.(4, 4, 'already merged');
    return { mergeCommit: oldSha, strategy: opts.strategy, base, upToDate: true };
  }
  signal?.throwIfAborted();
  progress?.(3, 4, `moving ${base}`);
  await moveBase(ctx.mainRoot, baseRef, base, oldSha, newSha, baseCheckout);
  progress?.(4, 4, 'merged');
  return { mergeCommit: newSha, strategy: opts.strategy, base, upToDate: false };
}

/** The board's runtime files are git-ignored, and a merge would overwrite them: refuse with the paths named. */
function refuseBoardOwnedChanges(changes: TreeChange[], branch: string, worktreesPrefix: string | undefined): void {
  const owned = boardOwnedPaths(changes, worktreesPrefix);
  if (owned.length === 0) return;
  throw new ConflictError(
    `${branch} changes ${owned.length} path(s) the board owns (its runtime state, the worktrees folder, or a symlink under .automaker/): ${owned.slice(0, 10).join(', ')}${owned.length > 10 ? ', …' : ''}; remove them from the branch (git rm --cached), commit, and retry. Nothing was merged.`,
    { files: owned.slice(0, 50) },
  );
}

async function moveBase(mainRoot: string, baseRef: string, base: string, oldSha: string, newSha: string, checkout?: string): Promise<void> {
  try {
    if (checkout) {
      // git's own fast-forward moves the ref, the index and the files together; like `git merge` it keeps
      // uncommitted changes to files the merge does not change and refuses to overwrite the others (newSha descends
      // from oldSha, so otherwise it only fails when the checkout moved on meanwhile). No auto maintenance: `git
      // merge` would start `git maintenance run --auto` (one more process, a gc) in the tool call.
      await git(checkout, ['-c', 'maintenance.auto=false', 'merge', '--ff-only', '--no-edit', '--no-stat', newSha]);
    } else {
      await git(mainRoot, ['update-ref', '-m', `board: merge into ${base}`, baseRef, newSha, oldSha]);
    }
  } catch (error) {
    if (error instanceof GitCommandError) {
      // uncommitted changes or untracked files in the checkout that the merge would overwrite
      const files = listedPaths(error.gitMessage);
      if (checkout && files.length > 0) {
        throw new ConflictError(
          `The checkout at ${checkout} has ${base} checked out with uncommitted changes or untracked files where the merge changes files (git: ${firstLine(error.gitMessage)}); commit or stash them there (or move the untracked ones), then retry. Nothing was merged.`,
          { checkout, files: files.slice(0, 50) },
        );
      }
      throw new ConflictError(`The base branch ${base} was not moved (git: ${firstLine(error.gitMessage)}); nothing was changed.`);
    }
    throw error;
  }
}

async function settle<T>(work: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    return { ok: false, error };
  }
}
