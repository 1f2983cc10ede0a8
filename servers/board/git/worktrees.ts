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
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rmdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { ConfigError, ConflictError, InputError, NotFoundError } from '../../../shared/errors.js';
import { type MergeStrategy, aheadBehind, buildMergeCommit, commitsOnlyAt, mergeTrees, unmergedCommits } from './merge.js';
import { excludeFromGit, listRegisteredWorktrees, locateRepo, realOrSame, type RegisteredWorktree, type RepoLocation } from './repo.js';
import { GitCommandError, git, runGit, splitNul } from './run-git.js';
import { assertInside, assertSafeBranchName, assertSlug, featureBranch } from './sanitize.js';

export interface WorktreeConfig {
  mainRoot: string;
  worktreesDir: string;
  baseBranch?: string;
  allowedRoot?: string;
}

export interface Progress {
  signal?: AbortSignal;
  progress?: (done: number, total: number, message: string) => void;
}

export interface EnsuredWorktree {
  path: string;
  branch: string;
  base: string;
  baseSha: string;
  created: boolean;
}

export interface WorktreeListEntry {
  featureId?: string;
  path: string;
  branch?: string;
  head?: string;
  dirtyFiles: number;
  ahead: number;
  behind: number;
  lastCommitAgeSeconds?: number;
  locked?: string;
  orphan?: 'no-feature' | 'folder-missing';
}

export interface ChangedFile {
  path: string;
  status: string;
  added: number;
  removed: number;
}

export interface WorktreeStatus {
  branch: string;
  path: string;
  head: string;
  base: string;
  changed: ChangedFile[];
  uncommitted: string[];
  untracked: string[];
  ahead: number;
  behind: number;
  mergesCleanly: boolean;
  conflicts: string[];
}

export interface MergeResult {
  mergeCommit: string;
  strategy: MergeStrategy;
  base: string;
  /** true when the base already contained everything (mergeCommit is then the base head). */
  upToDate: boolean;
}

const LIST_LIMIT = 100;

export class WorktreeManager {
  readonly mainRoot: string;
  readonly worktreesDir: string;
  private resolvedBase: string | undefined;
  private location: RepoLocation | undefined;
  private readonly queues = new Map<string, Promise<void>>();

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
    const configured = this.config.baseBranch;
    if (configured) {
      if (!(await this.branchShas(configured)).has(configured)) {
        throw new NotFoundError(`The base branch ${configured} (BOARD_BASE_BRANCH) does not exist in ${this.mainRoot}.`);
      }
      return (this.resolvedBase = configured);
    }
    const candidates: string[] = [];
    const originHead = await this.optional(['symbolic-ref', '-q', '--short', 'refs/remotes/origin/HEAD']);
    if (originHead?.startsWith('origin/')) candidates.push(originHead.slice('origin/'.length));
    const configuredDefault = await this.optional(['config', '--get', 'init.defaultBranch']);
    if (configuredDefault) candidates.push(configuredDefault);
    candidates.push('main', 'master');
    const safe = candidates.filter(isSafeBranch);
    const existing = await this.branchShas(...safe);
    const found = safe.find((name) => existing.has(name));
    if (found) return (this.resolvedBase = found);
    const current = await this.optional(['symbolic-ref', '-q', '--short', 'HEAD']);
    if (current && isSafeBranch(current)) return (this.resolvedBase = current);
    throw new NotFoundError('Could not tell the base branch of this repository; set BOARD_BASE_BRANCH.');
  }

  async ensure(slug: string, opts: Progress = {}): Promise<EnsuredWorktree> {
    return this.serialized(`wt:${slug}`, () => this.ensureNow(slug, opts));
  }

  private async ensureNow(slug: string, opts: Progress): Promise<EnsuredWorktree> {
    const path = this.pathFor(slug);
    const branch = this.branchFor(slug);
    const signal = opts.signal;
    opts.progress?.(0, 3, 'checking worktrees');
    const base = await this.baseBranch();
    const found = await this.findExisting(path, branch, signal);
    if (found) {
      opts.progress?.(3, 3, 'reused');
      return { path, branch, base, baseSha: await this.forkPoint(base, branch), created: false };
    }
    await this.prepareFolder(path);
    opts.progress?.(1, 3, `creating ${branch}`);
    const shas = await this.branchShas(base, branch);
    const branchExisted = shas.has(branch);
    const baseSha = required(shas, base);
    const args = branchExisted
      ? ['worktree', 'add', path, branch]
      : ['worktree', 'add', '--no-track', '-b', branch, path, baseSha];
    try {
      await git(this.mainRoot, args, signal ? { signal } : {});
    } catch (error) {
      // Another process may have created it in the meantime: reuse theirs if it is exactly ours.
      if (!signal?.aborted && error instanceof GitCommandError && (await this.findExisting(path, branch))) {
        return { path, branch, base, baseSha: await this.forkPoint(base, branch), created: false };
      }
      await this.discardPartial(path, branch, branchExisted ? undefined : baseSha);
      if (!signal?.aborted && error instanceof GitCommandError) {
        throw new ConflictError(`git could not create the worktree for ${branch}: ${firstLine(error.gitMessage)}`);
      }
      throw error;
    }
    opts.progress?.(3, 3, 'created');
    return { path, branch, base, baseSha: branchExisted ? await this.forkPoint(base, branch) : baseSha, created: true };
  }

  async list(known: Array<{ featureId: string; slug: string }>): Promise<WorktreeListEntry[]> {
    const base = await this.baseBranch();
    const baseSha = required(await this.branchShas(base), base);
    const registered = (await listRegisteredWorktrees(this.mainRoot)).slice(1).filter((w) => !w.bare);
    const dir = realOrSame(this.worktreesDir);
    const bySlugPath = new Map(known.map((k) => [join(dir, k.slug), k]));
    const byBranch = new Map(known.map((k) => [`feature/${k.slug}`, k]));
    const matched = new Set<string>();
    const entries = await mapLimited(registered.slice(0, LIST_LIMIT), 4, async (w) => {
      const feature = bySlugPath.get(realOrSame(w.path)) ?? bySlugPath.get(w.path) ?? (w.branch ? byBranch.get(w.branch) : undefined);
      if (feature) matched.add(feature.featureId);
      return this.describe(w, baseSha, feature?.featureId);
    });
    for (const k of known) {
      if (matched.has(k.featureId)) continue;
      const path = join(this.worktreesDir, k.slug);
      entries.push({ featureId: k.featureId, path, branch: `feature/${k.slug}`, dirtyFiles: 0, ahead: 0, behind: 0, orphan: 'folder-missing' });
    }
    return entries;
  }

  async status(slug: string): Promise<WorktreeStatus> {
    const { path, branch, head } = await this.requireWorktree(slug);
    const base = await this.baseBranch();
    const baseSha = required(await this.branchShas(base), base);
    const forkPoint = (await git(path, ['merge-base', baseSha, head])).trim();
    const [changed, dirt, counts, merged] = await Promise.all([
      this.changedSince(path, forkPoint),
      this.dirt(path),
      aheadBehind(path, baseSha, head),
      mergeTrees(path, baseSha, head),
    ]);
    return {
      branch,
      path,
      head,
      base,
      changed,
      uncommitted: dirt.uncommitted,
      untracked: dirt.untracked,
      ...counts,
      mergesCleanly: merged.clean,
      conflicts: merged.clean ? [] : merged.files,
    };
  }

  async merge(slug: string, opts: Progress & { strategy: MergeStrategy; message?: string }): Promise<MergeResult> {
    // one merge at a time into the base from this process; other processes are caught by the ref compare-and-swap
    return this.serialized('merge', () => this.mergeNow(slug, opts));
  }

  private async mergeNow(slug: string, opts: Progress & { strategy: MergeStrategy; message?: string }): Promise<MergeResult> {
    const branch = this.branchFor(slug);
    const { signal, progress } = opts;
    if (!['merge', 'squash', 'rebase'].includes(opts.strategy)) throw new InputError('strategy must be merge, squash or rebase.');
    progress?.(0, 4, 'checking');
    const base = await this.baseBranch();
    const baseRef = `refs/heads/${base}`;
    const [shas, worktrees] = await Promise.all([this.branchShas(base, branch), listRegisteredWorktrees(this.mainRoot, signal)]);
    const oldSha = required(shas, base);
    const featureSha = required(shas, branch);
    const featureTree = worktrees.find((w) => w.branch === branch && !w.prunable);
    const baseCheckout = worktrees.find((w) => w.branch === base && !w.prunable && !w.bare);
    const clean = { uncommitted: [], untracked: [] };
    progress?.(1, 4, `computing ${opts.strategy}`);
    // read-only checks and the object-only merge run side by side; a refusal below leaves only unreachable objects
    const [featureDirt, baseDirt, built] = await Promise.all([
      featureTree ? this.dirt(featureTree.path) : clean,
      baseCheckout ? this.dirt(baseCheckout.path) : clean,
      settle(
        buildMergeCommit(this.mainRoot, {
          strategy: opts.strategy,
          base: oldSha,
          feature: featureSha,
          branch,
          ...(opts.message !== undefined ? { message: opts.message } : {}),
          ...(signal ? { signal } : {}),
          ...(progress ? { progress: (n: number, t: number, m: string) => progress(1 + n / Math.max(t, 1), 4, m) } : {}),
        }),
      ),
    ]);
    if (featureDirt.uncommitted.length + featureDirt.untracked.length > 0) {
      throw new ConflictError(
        `The worktree of ${branch} has uncommitted or untracked files; commit them (or ignore them) before merging.`,
        { uncommitted: featureDirt.uncommitted.slice(0, 50), untracked: featureDirt.untracked.slice(0, 50) },
      );
    }
    if (baseCheckout && baseDirt.uncommitted.length > 0) {
      throw new ConflictError(
        `The checkout at ${baseCheckout.path} has the base branch ${base} checked out with uncommitted changes; commit or stash them there, then retry.`,
        { checkout: baseCheckout.path, files: baseDirt.uncommitted.slice(0, 50) },
      );
    }
    if (!built.ok) throw built.error;
    const newSha = built.value;
    if (!newSha) {
      progress?.(4, 4, 'already merged');
      return { mergeCommit: oldSha, strategy: opts.strategy, base, upToDate: true };
    }
    signal?.throwIfAborted();
    progress?.(3, 4, `moving ${base}`);
    await this.moveBase(baseRef, base, oldSha, newSha, baseCheckout);
    progress?.(4, 4, 'merged');
    return { mergeCommit: newSha, strategy: opts.strategy, base, upToDate: false };
  }

  async remove(slug: string, opts: { force?: boolean; deleteBranch?: boolean } = {}): Promise<{ removed: boolean; branchDeleted: boolean }> {
    return this.serialized(`wt:${slug}`, () => this.removeNow(slug, opts));
  }

  private async removeNow(slug: string, opts: { force?: boolean; deleteBranch?: boolean }): Promise<{ removed: boolean; branchDeleted: boolean }> {
    const path = this.pathFor(slug);
    const branch = this.branchFor(slug);
    const force = opts.force === true;
    const registered = (await listRegisteredWorktrees(this.mainRoot)).find((w) => samePath(w.path, path));
    if (registered && registered.branch !== undefined && registered.branch !== branch) {
      throw new ConflictError(`The folder ${path} holds branch ${registered.branch}, not ${branch}; refusing to remove it.`);
    }
    const base = await this.baseBranch();
    const shas = await this.branchShas(base, branch);
    const branchExists = shas.has(branch);
    if (!registered && !branchExists) throw new NotFoundError(`There is no worktree or branch for ${slug}.`);
    const live = registered && !registered.prunable && existsSync(path);
    const dirt = live ? await this.dirt(path) : { uncommitted: [], untracked: [] };
    const unmerged = branchExists ? await unmergedCommits(this.mainRoot, required(shas, base), required(shas, branch)) : [];
    if (live && registered.branch === undefined && registered.head) {
      // a detached HEAD: commits made there live on no branch and would become unreachable
      unmerged.push(...(await commitsOnlyAt(this.mainRoot, registered.head)));
    }
    const insideUs = live && isWithin(path, process.cwd());
    if (!force && (dirt.uncommitted.length > 0 || dirt.untracked.length > 0 || unmerged.length > 0 || registered?.locked || insideUs)) {
      throw new ConflictError(
        `Refusing to remove ${branch}: ${describeLoss(dirt, unmerged.length, registered?.locked, insideUs)}; commit and merge first, or pass force to discard.`,
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
      await refusedAsConflict(`remove the worktree ${path}`, git(this.mainRoot, ['worktree', 'remove', ...(force ? ['--force', '--force'] : []), path]));
      removed = true;
    }
    await git(this.mainRoot, ['worktree', 'prune']);
    if (registered && !live) removed = true;
    let branchDeleted = false;
    if (opts.deleteBranch && branchExists) {
      await refusedAsConflict(`delete ${branch}`, git(this.mainRoot, ['branch', '-D', branch]));
      branchDeleted = true;
    }
    return { removed, branchDeleted };
  }

  async headSha(slug: string): Promise<string> {
    const branch = this.branchFor(slug);
    return required(await this.branchShas(branch), branch);
  }

  // ---- internals

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

  private async moveBase(baseRef: string, base: string, oldSha: string, newSha: string, checkout?: RegisteredWorktree): Promise<void> {
    try {
      if (checkout) {
        // git's own fast-forward moves the ref, the index and the files together and refuses to overwrite local
        // changes; newSha descends from oldSha, so it only fails when the checkout moved on meanwhile.
        await git(checkout.path, ['merge', '--ff-only', '--no-edit', '--no-stat', newSha]);
      } else {
        await git(this.mainRoot, ['update-ref', '-m', `board: merge into ${base}`, baseRef, newSha, oldSha]);
      }
    } catch (error) {
      if (error instanceof GitCommandError) {
        // e.g. untracked files in the checkout that the merge would overwrite (git lists them indented)
        const files = error.gitMessage.split('\n').filter((line) => /^\t/.test(line)).map((line) => line.trim());
        throw new ConflictError(
          `The base branch ${base} was not moved (git: ${firstLine(error.gitMessage)}); nothing was changed.`,
          files.length > 0 ? { files: files.slice(0, 50) } : undefined,
        );
      }
      throw error;
    }
  }

  /**
   * Undoes a creation that failed or was cancelled half-way: the folder (only if git registered it for our branch,
   * or it is empty) and the branch (only if this call created it and it still points at the base commit).
   */
  private async discardPartial(path: string, branch: string, createdAt?: string): Promise<void> {
    const registered = (await listRegisteredWorktrees(this.mainRoot)).find((w) => samePath(w.path, path));
    if (registered && (registered.branch === branch || registered.branch === undefined)) {
      await runGit(this.mainRoot, ['worktree', 'remove', '--force', '--force', path], { okExitCodes: [0, 128] });
    } else if (!registered && existsSync(path) && (await readdir(path)).length === 0) {
      await rmdir(path);
    }
    await runGit(this.mainRoot, ['worktree', 'prune'], { okExitCodes: [0, 128] });
    if (createdAt && (await this.branchShas(branch)).get(branch) === createdAt) {
      await runGit(this.mainRoot, ['branch', '-D', branch], { okExitCodes: [0, 1] });
    }
  }

  private async findExisting(path: string, branch: string, signal?: AbortSignal): Promise<boolean> {
    const worktrees = await listRegisteredWorktrees(this.mainRoot, signal);
    const atPath = worktrees.find((w) => samePath(w.path, path));
    const onBranch = worktrees.find((w) => w.branch === branch);
    if (atPath?.prunable || onBranch?.prunable) {
      await git(this.mainRoot, ['worktree', 'prune']);
      return this.findExisting(path, branch, signal);
    }
    if (atPath && atPath.branch === branch) return true;
    if (atPath) throw new ConflictError(`The folder ${path} is already a worktree of ${atPath.branch ?? 'a detached HEAD'}.`);
    if (onBranch) throw new ConflictError(`${branch} is already checked out at ${onBranch.path}.`);
    return false;
  }

  private async prepareFolder(path: string): Promise<void> {
    await mkdir(this.worktreesDir, { recursive: true });
    this.guard(this.worktreesDir);
    assertInside(this.worktreesDir, path);
    const rel = relative(this.mainRoot, realOrSame(this.worktreesDir));
    if (rel && !rel.startsWith('..') && !rel.includes('\n')) {
      this.location ??= await locateRepo(this.mainRoot);
      await excludeFromGit(this.location, [`/${rel.split(sep).join('/')}/`]);
    }
    if (existsSync(path) && (await readdir(path)).length > 0) {
      throw new ConflictError(`The folder ${path} exists and is not a worktree; move it away first.`);
    }
  }

  private async describe(w: RegisteredWorktree, baseSha: string, featureId?: string): Promise<WorktreeListEntry> {
    const entry: WorktreeListEntry = {
      ...(featureId ? { featureId } : {}),
      path: w.path,
      ...(w.branch ? { branch: w.branch } : {}),
      ...(w.head ? { head: w.head } : {}),
      dirtyFiles: 0,
      ahead: 0,
      behind: 0,
      ...(w.locked ? { locked: w.locked } : {}),
    };
    if (w.prunable || !existsSync(w.path)) return { ...entry, orphan: 'folder-missing' };
    if (!featureId) entry.orphan = 'no-feature';
    if (!w.head) return entry;
    const [dirt, counts, time] = await Promise.all([
      this.dirt(w.path),
      aheadBehind(this.mainRoot, baseSha, w.head),
      git(this.mainRoot, ['log', '-1', '--format=%ct', w.head]),
    ]);
    entry.dirtyFiles = dirt.uncommitted.length + dirt.untracked.length;
    entry.ahead = counts.ahead;
    entry.behind = counts.behind;
    entry.lastCommitAgeSeconds = Math.max(0, Math.round(Date.now() / 1000 - Number(time.trim())));
    return entry;
  }

  private async requireWorktree(slug: string): Promise<{ path: string; branch: string; head: string }> {
    const path = this.pathFor(slug);
    const branch = this.branchFor(slug);
    const found = (await listRegisteredWorktrees(this.mainRoot)).find((w) => samePath(w.path, path));
    if (!found || found.prunable || !found.head || !existsSync(path)) throw new NotFoundError(`There is no worktree for ${slug}; create it first.`);
    return { path, branch: found.branch ?? branch, head: found.head };
  }

  /** Tracked files with uncommitted changes (staged or not) and untracked files, from `git status`. */
  private async dirt(path: string): Promise<{ uncommitted: string[]; untracked: string[] }> {
    // v2 with --branch always prints its header, so a clean tree costs no extra simple-git wait
    const out = await git(path, ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all']);
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

  /** Everything the feature changes against its fork point, committed or not (untracked files excluded). */
  private async changedSince(path: string, forkPoint: string): Promise<ChangedFile[]> {
    const [nameStatus, numstat] = await Promise.all([
      git(path, ['diff', '--name-status', '-z', '--no-renames', forkPoint, '--']),
      git(path, ['diff', '--numstat', '-z', '--no-renames', forkPoint, '--']),
    ]);
    const stats = new Map<string, { added: number; removed: number }>();
    for (const record of splitNul(numstat)) {
      const [added = '-', removed = '-', file = ''] = record.split('\t');
      stats.set(file, { added: added === '-' ? 0 : Number(added), removed: removed === '-' ? 0 : Number(removed) });
    }
    const fields = splitNul(nameStatus);
    const changed: ChangedFile[] = [];
    for (let i = 0; i + 1 < fields.length && changed.length < 500; i += 2) {
      const file = fields[i + 1] ?? '';
      changed.push({ path: file, status: fields[i] ?? '?', ...(stats.get(file) ?? { added: 0, removed: 0 }) });
    }
    return changed;
  }

  private async forkPoint(base: string, branch: string): Promise<string> {
    return (await git(this.mainRoot, ['merge-base', `refs/heads/${base}`, `refs/heads/${branch}`])).trim();
  }

  /**
   * Branch name → commit, for the names that exist. One for-each-ref for all of them (it also prints something in
   * the common case, which matters: simple-git waits 50 ms extra for any command that prints nothing).
   */
  private async branchShas(...names: string[]): Promise<Map<string, string>> {
    const refs = names.map((name) => `refs/heads/${name}`);
    const out = await git(this.mainRoot, ['for-each-ref', '--format=%(objectname) %(refname)', ...refs]);
    const shas = new Map<string, string>();
    for (const line of out.split('\n')) {
      const space = line.indexOf(' ');
      const ref = line.slice(space + 1);
      if (space > 0 && refs.includes(ref)) shas.set(ref.slice('refs/heads/'.length), line.slice(0, space));
    }
    return shas;
  }

  private async optional(args: string[]): Promise<string | undefined> {
    const { stdout, exitCode } = await runGit(this.mainRoot, args, { okExitCodes: [0, 1, 128] });
    return exitCode === 0 ? stdout.trim() || undefined : undefined;
  }
}

function required(shas: Map<string, string>, branch: string): string {
  const sha = shas.get(branch);
  if (!sha) throw new NotFoundError(`The branch ${branch} does not exist.`);
  return sha;
}

function isSafeBranch(name: string): boolean {
  try {
    assertSafeBranchName(name);
    return true;
  } catch {
    return false;
  }
}

function samePath(a: string, b: string): boolean {
  return realOrSame(a) === realOrSame(b) || resolve(a) === resolve(b);
}

function isWithin(root: string, target: string): boolean {
  const rel = relative(realOrSame(root), realOrSame(target));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

function describeLoss(dirt: { uncommitted: string[]; untracked: string[] }, unmerged: number, locked?: string, insideUs?: boolean): string {
  const parts: string[] = [];
  if (dirt.uncommitted.length) parts.push(`${dirt.uncommitted.length} uncommitted file(s)`);
  if (dirt.untracked.length) parts.push(`${dirt.untracked.length} untracked file(s)`);
  if (unmerged) parts.push(`${unmerged} commit(s) not merged into the base`);
  if (locked) parts.push(`the worktree is locked (${locked})`);
  if (insideUs) parts.push('the board server runs inside it');
  return parts.join(', ');
}

/** The rest of a record after its first n space-separated fields (paths may contain spaces). */
function afterFields(record: string, n: number): string {
  let index = 0;
  for (let i = 0; i < n; i++) index = record.indexOf(' ', index) + 1;
  return record.slice(index);
}

async function settle<T>(work: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    return { ok: false, error };
  }
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

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim()) ?? 'unknown error').trim().slice(0, 200);
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}
