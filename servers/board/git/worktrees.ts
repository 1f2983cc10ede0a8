/**
 * One worktree per feature branch, the Automaker apps' way: branch `feature/x` lives in `<worktreesDir>/feature-x`
 * (every character outside [a-zA-Z0-9_-] becomes '-'), and an existing worktree is found by its branch wherever it
 * is. A new branch forks from the freshest base: the remote's, fetched first, when a remote tracks the base.
 *
 * API (every method takes the feature's branch, validates it, keeps every path inside ALLOWED_ROOT when set, and
 * maps expected failures to typed errors from shared/errors.ts)
 *   new WorktreeManager({ mainRoot, worktreesDir, baseBranch?, allowedRoot?, fetchTimeoutMs? })
 *                                            worktreesDir may be relative (to mainRoot); ConfigError for an invalid
 *                                            baseBranch, ForbiddenError when mainRoot/worktreesDir leave allowedRoot
 *   pathFor(branch)                          the folder a new worktree of the branch gets
 *   worktreeOf(branch)                       the folder of the branch's live linked worktree, or undefined
 *   baseBranch()                             BOARD_BASE_BRANCH, else origin/HEAD, init.defaultBranch, main, master
 *                                            (first that exists locally), else the main checkout's branch
 *   ensure(branch, {signal?, progress?})     reuse the branch's worktree, or create it (an existing branch is checked
 *                                            out; a new one forks from <remote>/<base> after a fetch, the local base
 *                                            fast-forwarded when strictly behind) → { path, branch, base, baseSha,
 *                                            from, created, notes }; ConflictError for the base branch itself,
 *                                            UpstreamError naming the remote when the fetch fails (nothing changed)
 *   list(known)                              every linked worktree (main checkout excluded) + features whose folder
 *                                            is gone; orphan: 'no-feature' | 'folder-missing'
 *   status(branch)                           changes against the fork point (committed + uncommitted), uncommitted
 *                                            and untracked files, ahead/behind, whether the COMMITTED head merges
 *                                            cleanly into the base now (merge-tree; no working tree touched)
 *   merge(branch, {strategy, message?, signal?, progress?}) → { mergeCommit, strategy, base, upToDate }
 *                                            'merge' always records a two-parent merge commit (--no-ff);
 *                                            'squash' one commit; 'rebase' replays the commits on the base
 *                                            (fast-forward when possible). Refuses (ConflictError) when the feature
 *                                            worktree has uncommitted or untracked files, when a checkout of the
 *                                            base branch has uncommitted tracked changes, or on conflicts (details
 *                                            { files }); in every refusal the base ref and all checkouts are unchanged.
 *   remove(branch, {force?, deleteBranch?})  refuses with { uncommitted, untracked, unmergedCommits } unless force;
 *                                            work merged into the remote's base (as last fetched) counts as merged
 *   checkFinished(branch, {signal?, prMergeCommit?})
 *                                            fetch the remote's base and prove the branch merged there (merge,
 *                                            rebase or squash) → FinishProof; ConflictError when not, or when the
 *                                            worktree holds uncommitted/untracked files (nothing changed)
 *   cleanUpFinished(proof)                   fast-forward the local base, remove the worktree and delete the branch,
 *                                            re-checking that nothing moved since the proof
 *   headSha(branch)                          the feature branch's head commit
 *
 * This file holds the manager: the folder derivation, the root guard and the per-branch queues. The flows live beside
 * it: worktree-create.ts, worktree-queries.ts (list, status), worktree-merge.ts, worktree-remove.ts,
 * worktree-finish.ts.
 */
import { join, resolve } from 'node:path';
import { withFileLock } from '../../../shared/file-lock.js';
import { ConfigError, InputError } from '../../../shared/errors.js';
import { resolveBaseBranch } from './base-branch.js';
import { locateRepo, realOrSame, type RepoLocation } from './repo.js';
import { assertInside, assertSafeBranchName, worktreeFolderName } from './sanitize.js';
import { ensureWorktree } from './worktree-create.js';
import { findBranchWorktree } from './worktree-find.js';
import { checkFinished, cleanUpFinished, type FinishCleanUp, type FinishOptions, type FinishProof } from './worktree-finish.js';
import { branchShas, requiredSha } from './worktree-lookups.js';
import { mergeWorktree, type MergeOptions } from './worktree-merge.js';
import { listWorktrees, worktreeStatus } from './worktree-queries.js';
import { removeWorktree, type RemoveOptions } from './worktree-remove.js';
import type {
  EnsuredWorktree,
  MergeResult,
  Progress,
  WorktreeConfig,
  WorktreeContext,
  WorktreeListEntry,
  WorktreeStatus,
} from './worktree-types.js';

export type { FinishCleanUp, FinishOptions, FinishProof } from './worktree-finish.js';
export type {
  ChangedFile,
  EnsuredWorktree,
  MergeResult,
  Progress,
  WorktreeConfig,
  WorktreeListEntry,
  WorktreeStatus,
} from './worktree-types.js';

export class WorktreeManager {
  readonly mainRoot: string;
  readonly worktreesDir: string;
  private resolvedBase: string | undefined;
  private location: RepoLocation | undefined;
  private readonly queues = new Map<string, Promise<void>>();
  /** What the flows in worktree-*.ts see of this manager. */
  private readonly context: WorktreeContext;

  constructor(private readonly config: WorktreeConfig) {
    this.mainRoot = resolve(config.mainRoot);
    this.worktreesDir = resolve(this.mainRoot, config.worktreesDir);
    if (config.baseBranch !== undefined) {
      try {
        assertSafeBranchName(config.baseBranch);
      } catch (error) {
        throw new ConfigError(`BOARD_BASE_BRANCH is not a valid branch name (${(error as Error).message})`);
      }
    }
    this.guard(this.mainRoot);
    this.guard(this.worktreesDir);
    this.context = {
      mainRoot: this.mainRoot,
      worktreesDir: this.worktreesDir,
      ...(config.fetchTimeoutMs !== undefined ? { fetchTimeoutMs: config.fetchTimeoutMs } : {}),
      pathFor: (branch) => this.pathFor(branch),
      baseBranch: () => this.baseBranch(),
      guard: (path) => this.guard(path),
      repoLocation: async () => (this.location ??= await locateRepo(this.mainRoot)),
    };
  }

  pathFor(branch: string): string {
    const path = join(this.worktreesDir, worktreeFolderName(branch));
    assertInside(this.worktreesDir, path);
    this.guard(path);
    if (realOrSame(path) === realOrSame(this.mainRoot))
      throw new InputError(`The worktree of ${branch} would be the main checkout itself.`);
    return path;
  }

  async worktreeOf(branch: string): Promise<string | undefined> {
    const { onBranch } = await findBranchWorktree(this.context, branch);
    return onBranch && !onBranch.prunable ? onBranch.path : undefined;
  }

  async baseBranch(): Promise<string> {
    if (this.resolvedBase) return this.resolvedBase;
    this.resolvedBase = await resolveBaseBranch(this.mainRoot, this.config.baseBranch);
    return this.resolvedBase;
  }

  async ensure(branch: string, opts: Progress = {}): Promise<EnsuredWorktree> {
    return this.serialized(`wt:${branch}`, () => this.acrossProcesses(() => ensureWorktree(this.context, branch, opts)));
  }

  async list(known: Array<{ featureId: string; branch: string }>): Promise<WorktreeListEntry[]> {
    return listWorktrees(this.context, known);
  }

  async status(branch: string): Promise<WorktreeStatus> {
    return worktreeStatus(this.context, branch);
  }

  async merge(branch: string, opts: MergeOptions): Promise<MergeResult> {
    // one merge at a time into the base from this process; other processes are caught by the ref compare-and-swap
    return this.serialized('merge', () => this.acrossProcesses(() => mergeWorktree(this.context, branch, opts)));
  }

  async remove(branch: string, opts: RemoveOptions = {}): Promise<{ removed: boolean; branchDeleted: boolean }> {
    return this.serialized(`wt:${branch}`, () => this.acrossProcesses(() => removeWorktree(this.context, branch, opts)));
  }

  async checkFinished(branch: string, opts: FinishOptions = {}): Promise<FinishProof> {
    return this.serialized(`wt:${branch}`, () => this.acrossProcesses(() => checkFinished(this.context, branch, opts)));
  }

  async cleanUpFinished(proof: FinishProof): Promise<FinishCleanUp> {
    return this.serialized(`wt:${proof.branch}`, () => this.acrossProcesses(() => cleanUpFinished(this.context, proof)));
  }

  async headSha(branch: string): Promise<string> {
    assertSafeBranchName(branch);
    return requiredSha(await branchShas(this.mainRoot, branch), branch);
  }

  /**
   * Every session runs its own server process: worktree creation, merges and removals of all of them take turns
   * under one lock in the repository's git directory, so one process's `worktree list`/`prune` never races
   * another's half-created worktree.
   */
  private async acrossProcesses<T>(fn: () => Promise<T>): Promise<T> {
    const { gitCommonDir } = await this.context.repoLocation();
    return withFileLock(join(gitCommonDir, 'protolabs-worktrees.lock'), fn, { waitMs: 120_000 });
  }

  /** Runs fn after every earlier call with the same key has settled (in this process). */
  private serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  private guard(path: string): void {
    if (this.config.allowedRoot) assertInside(this.config.allowedRoot, path);
  }
}
