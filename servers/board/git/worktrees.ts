/**
 * One worktree per feature: `<worktreesDir>/<slug>` on branch `feature/<slug>`, created from the base branch.
 *
 * API (every method validates the slug, keeps every path inside ALLOWED_ROOT when set, and maps expected failures
 * to typed errors from shared/errors.ts)
 *   new WorktreeManager({ mainRoot, worktreesDir, baseBranch?, allowedRoot? })
 *                                            worktreesDir may be relative (to mainRoot); ConfigError for an invalid
 *                                            baseBranch, ForbiddenError when mainRoot/worktreesDir leave allowedRoot
 *   pathFor(slug) / branchFor(slug)          the only derivation of a feature's folder and branch
 *   baseBranch()                             BOARD_BASE_BRANCH, else origin/HEAD, init.defaultBranch, main, master
 *                                            (first that exists locally), else the main checkout's branch
 *   ensure(slug, {signal?, progress?})       create or reuse → { path, branch, base, baseSha, created }
 *   list(known)                              every linked worktree (main checkout excluded) + features whose folder
 *                                            is gone; orphan: 'no-feature' | 'folder-missing'
 *   status(slug)                             changes against the fork point (committed + uncommitted), uncommitted
 *                                            and untracked files, ahead/behind, whether the COMMITTED head merges
 *                                            cleanly into the base now (merge-tree; no working tree touched)
 *   merge(slug, {strategy, message?, signal?, progress?}) → { mergeCommit, strategy, base, upToDate }
 *                                            'merge' always records a two-parent merge commit (--no-ff);
 *                                            'squash' one commit; 'rebase' replays the commits on the base
 *                                            (fast-forward when possible). Refuses (ConflictError) when the feature
 *                                            worktree has uncommitted or untracked files, when a checkout of the
 *                                            base branch has uncommitted tracked changes, or on conflicts (details
 *                                            { files }); in every refusal the base ref and all checkouts are unchanged.
 *   remove(slug, {force?, deleteBranch?})    refuses with { uncommitted, untracked, unmergedCommits } unless force
 *   headSha(slug)                            the feature branch's head commit
 *
 * This file holds the manager: the slug derivations, the root guard and the per-slug queues. The flows live beside
 * it: worktree-create.ts, worktree-queries.ts (list, status), worktree-merge.ts, worktree-remove.ts.
 */
import { join, resolve } from 'node:path';
import { withFileLock } from '../../../shared/file-lock.js';
import { ConfigError, InputError } from '../../../shared/errors.js';
import { resolveBaseBranch } from './base-branch.js';
import { locateRepo, realOrSame, type RepoLocation } from './repo.js';
import { assertInside, assertSafeBranchName, assertSlug, featureBranch } from './sanitize.js';
import { ensureWorktree } from './worktree-create.js';
import { branchShas, requiredSha } from './worktree-lookups.js';
import { mergeWorktree, type MergeOptions } from './worktree-merge.js';
import { listWorktrees, worktreeStatus } from './worktree-queries.js';
import { removeWorktree, type RemoveOptions } from './worktree-remove.js';
import type { EnsuredWorktree, MergeResult, Progress, WorktreeConfig, WorktreeContext, WorktreeListEntry, WorktreeStatus } from './worktree-types.js';

export type { ChangedFile, EnsuredWorktree, MergeResult, Progress, WorktreeConfig, WorktreeListEntry, WorktreeStatus } from './worktree-types.js';

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
      pathFor: (slug) => this.pathFor(slug),
      branchFor: (slug) => this.branchFor(slug),
      baseBranch: () => this.baseBranch(),
      guard: (path) => this.guard(path),
      repoLocation: async () => (this.location ??= await locateRepo(this.mainRoot)),
    };
  }

  pathFor(slug: string): string {
    assertSlug(slug);
    const path = join(this.worktreesDir, slug);
    assertInside(this.worktreesDir, path);
    this.guard(path);
    if (realOrSame(path) === realOrSame(this.mainRoot)) throw new InputError(`The worktree of ${slug} would be the main checkout itself.`);
    return path;
  }

  branchFor(slug: string): string {
    return featureBranch(slug);
  }

  async baseBranch(): Promise<string> {
    if (this.resolvedBase) return this.resolvedBase;
    return (this.resolvedBase = await resolveBaseBranch(this.mainRoot, this.config.baseBranch));
  }

  async ensure(slug: string, opts: Progress = {}): Promise<EnsuredWorktree> {
    return this.serialized(`wt:${slug}`, () => this.acrossProcesses(() => ensureWorktree(this.context, slug, opts)));
  }

  async list(known: Array<{ featureId: string; slug: string }>): Promise<WorktreeListEntry[]> {
    return listWorktrees(this.context, known);
  }

  async status(slug: string): Promise<WorktreeStatus> {
    return worktreeStatus(this.context, slug);
  }

  async merge(slug: string, opts: MergeOptions): Promise<MergeResult> {
    // one merge at a time into the base from this process; other processes are caught by the ref compare-and-swap
    return this.serialized('merge', () => this.acrossProcesses(() => mergeWorktree(this.context, slug, opts)));
  }

  async remove(slug: string, opts: RemoveOptions = {}): Promise<{ removed: boolean; branchDeleted: boolean }> {
    return this.serialized(`wt:${slug}`, () => this.acrossProcesses(() => removeWorktree(this.context, slug, opts)));
  }

  async headSha(slug: string): Promise<string> {
    const branch = this.branchFor(slug);
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
