/**
 * Read-only views of the worktrees: the list (with orphans either way) and one feature's status against the base.
 */
import { existsSync } from 'node:fs';
import { NotFoundError } from '../../../shared/errors.js';
import { aheadBehind, mergeTrees } from './merge.js';
import { listRegisteredWorktrees, type RegisteredWorktree } from './repo.js';
import { git, splitNul } from './run-git.js';
import { findBranchWorktree } from './worktree-find.js';
import type { ChangedFile, WorktreeContext, WorktreeListEntry, WorktreeStatus } from './worktree-types.js';
import { branchShas, requiredSha, workingTreeDirt } from './worktree-lookups.js';

const LIST_LIMIT = 100;

export async function listWorktrees(
  ctx: WorktreeContext,
  known: Array<{ featureId: string; branch: string }>,
): Promise<WorktreeListEntry[]> {
  const base = await ctx.baseBranch();
  const baseSha = requiredSha(await branchShas(ctx.mainRoot, base), base);
  const registered = (await listRegisteredWorktrees(ctx.mainRoot)).slice(1).filter((w) => !w.bare);
  const byBranch = new Map(known.map((k) => [k.branch, k]));
  const matched = new Set<string>();
  const entries = await mapLimited(registered.slice(0, LIST_LIMIT), 4, async (w) => {
    const feature = w.branch ? byBranch.get(w.branch) : undefined;
    if (feature) matched.add(feature.featureId);
    return describe(ctx.mainRoot, w, baseSha, feature?.featureId);
  });
  for (const k of known) {
    if (matched.has(k.featureId) || k.branch === base) continue;
    entries.push({
      featureId: k.featureId,
      path: ctx.pathFor(k.branch),
      branch: k.branch,
      dirtyFiles: 0,
      ahead: 0,
      behind: 0,
      orphan: 'folder-missing',
    });
  }
  return entries;
}

export async function worktreeStatus(ctx: WorktreeContext, branch: string): Promise<WorktreeStatus> {
  const { path, head } = await requireWorktree(ctx, branch);
  const base = await ctx.baseBranch();
  const baseSha = requiredSha(await branchShas(ctx.mainRoot, base), base);
  const forkPoint = (await git(path, ['merge-base', baseSha, head])).trim();
  const [changed, dirt, counts, merged] = await Promise.all([
    changedSince(path, forkPoint),
    workingTreeDirt(path),
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

async function describe(mainRoot: string, w: RegisteredWorktree, baseSha: string, featureId?: string): Promise<WorktreeListEntry> {
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
    workingTreeDirt(w.path),
    aheadBehind(mainRoot, baseSha, w.head),
    git(mainRoot, ['log', '-1', '--format=%ct', w.head]),
  ]);
  entry.dirtyFiles = dirt.uncommitted.length + dirt.untracked.length;
  entry.ahead = counts.ahead;
  entry.behind = counts.behind;
  entry.lastCommitAgeSeconds = Math.max(0, Math.round(Date.now() / 1000 - Number(time.trim())));
  return entry;
}

async function requireWorktree(ctx: WorktreeContext, branch: string): Promise<{ path: string; head: string }> {
  const { onBranch } = await findBranchWorktree(ctx, branch);
  if (!onBranch?.head || !existsSync(onBranch.path)) throw new NotFoundError(`There is no worktree for ${branch}; create it first.`);
  return { path: onBranch.path, head: onBranch.head };
}

/** Everything the feature changes against its fork point, committed or not (untracked files excluded). */
async function changedSince(path: string, forkPoint: string): Promise<ChangedFile[]> {
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
