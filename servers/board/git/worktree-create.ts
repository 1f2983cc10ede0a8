/**
 * Creating (or reusing) a branch's worktree, from the freshest base, and undoing a creation that failed or was
 * cancelled half-way.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rmdir } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { ConflictError } from '../../../shared/errors.js';
import { type BaseRemote, fastForwardBase, fetchBase, headsAndRemote } from './fresh-base.js';
import { excludeFromGit, listRegisteredWorktrees, realOrSame } from './repo.js';
import { GitCommandError, git, runGit } from './run-git.js';
import { assertInside } from './sanitize.js';
import { findBranchWorktree } from './worktree-find.js';
import type { EnsuredWorktree, Progress, WorktreeContext } from './worktree-types.js';
import { branchShas, firstLine, forkPoint, requiredSha, samePath } from './worktree-lookups.js';

export async function ensureWorktree(ctx: WorktreeContext, branch: string, opts: Progress): Promise<EnsuredWorktree> {
  const signal = opts.signal;
  opts.progress?.(0, 3, 'checking worktrees');
  const base = await ctx.baseBranch();
  if (branch === base) throw new ConflictError(`${branch} is the base branch itself; it gets no worktree (work in the main checkout).`);
  // independent lookups side by side: the branch's worktree, and the branches and remote (one for-each-ref)
  const [found, heads] = await Promise.all([findExisting(ctx, branch, signal), headsAndRemote(ctx.mainRoot, base, branch)]);
  if (found) {
    opts.progress?.(3, 3, 'reused');
    return reused(ctx, found, branch, base);
  }
  const path = ctx.pathFor(branch);
  const branchExisted = heads.shas.has(branch);
  opts.progress?.(1, 3, branchExisted ? `checking out ${branch}` : `fetching ${base}`);
  const start = branchExisted ? undefined : await freshStart(ctx, base, requiredSha(heads.shas, base), heads.remote, signal);
  await prepareFolder(ctx, path);
  opts.progress?.(2, 3, `creating ${branch}`);
  const args = start ? ['worktree', 'add', '--no-track', '-b', branch, path, start.sha] : ['worktree', 'add', path, branch];
  try {
    await git(ctx.mainRoot, args, signal ? { signal } : {});
  } catch (error) {
    // Another process may have created it in the meantime: reuse theirs if it is exactly ours.
    const theirs =
      !signal?.aborted && error instanceof GitCommandError ? await findExisting(ctx, branch).catch(() => undefined) : undefined;
    if (theirs) return reused(ctx, theirs, branch, base);
    await discardPartial(ctx.mainRoot, path, branch, start?.sha);
    if (!signal?.aborted && error instanceof GitCommandError) {
      throw new ConflictError(`git could not create the worktree for ${branch}: ${firstLine(error.gitMessage)}`);
    }
    throw error;
  }
  opts.progress?.(3, 3, 'created');
  return {
    path,
    branch,
    base,
    baseSha: start ? start.sha : await forkPoint(ctx.mainRoot, base, branch),
    from: start?.label ?? base,
    created: true,
    notes: start?.notes ?? [],
  };
}

async function reused(ctx: WorktreeContext, path: string, branch: string, base: string): Promise<EnsuredWorktree> {
  return { path, branch, base, baseSha: await forkPoint(ctx.mainRoot, base, branch), from: base, created: false, notes: [] };
}

/**
 * Where a new branch starts: the remote's base, freshly fetched, when a remote tracks the base (the local base is
 * fast-forwarded when strictly behind); else the local base.
 */
async function freshStart(
  ctx: WorktreeContext,
  base: string,
  localSha: string,
  remote: BaseRemote | undefined,
  signal?: AbortSignal,
): Promise<{ sha: string; label: string; notes: string[] }> {
  if (!remote) return { sha: localSha, label: base, notes: [] };
  const sha = await fetchBase(ctx.mainRoot, remote, {
    ...(ctx.fetchTimeoutMs !== undefined ? { timeoutMs: ctx.fetchTimeoutMs } : {}),
    ...(signal ? { signal } : {}),
  });
  const moved = await fastForwardBase(ctx.mainRoot, base, sha, remote.label, { worktreesDir: ctx.worktreesDir });
  return { sha, label: remote.label, notes: moved.note ? [moved.note] : [] };
}

/**
 * Undoes a creation that failed or was cancelled half-way: the folder (only if git registered it for our branch,
 * or it is empty) and the branch (only if this call created it and it still points at the base commit).
 */
async function discardPartial(mainRoot: string, path: string, branch: string, createdAt?: string): Promise<void> {
  const registered = (await listRegisteredWorktrees(mainRoot)).find((w) => samePath(w.path, path));
  if (registered && (registered.branch === branch || registered.branch === undefined)) {
    await runGit(mainRoot, ['worktree', 'remove', '--force', '--force', path], { okExitCodes: [0, 128] });
  } else if (!registered && existsSync(path) && (await readdir(path)).length === 0) {
    await rmdir(path);
  }
  await runGit(mainRoot, ['worktree', 'prune'], { okExitCodes: [0, 128] });
  if (createdAt && (await branchShas(mainRoot, branch)).get(branch) === createdAt) {
    await runGit(mainRoot, ['branch', '-D', branch], { okExitCodes: [0, 1] });
  }
}

/** The path of the branch's live worktree, if there is one; a stranger at the branch's folder is a conflict. */
async function findExisting(ctx: WorktreeContext, branch: string, signal?: AbortSignal): Promise<string | undefined> {
  const { onBranch, atPath, path } = await findBranchWorktree(ctx, branch, { prune: true, ...(signal ? { signal } : {}) });
  if (onBranch) return onBranch.path;
  if (atPath) throw new ConflictError(`The folder ${path} is already a worktree of ${atPath.branch ?? 'a detached HEAD'}.`);
  return undefined;
}

async function prepareFolder(ctx: WorktreeContext, path: string): Promise<void> {
  await mkdir(ctx.worktreesDir, { recursive: true });
  ctx.guard(ctx.worktreesDir);
  assertInside(ctx.worktreesDir, path);
  const rel = relative(ctx.mainRoot, realOrSame(ctx.worktreesDir));
  if (rel && !rel.startsWith('..') && !rel.includes('\n')) {
    await excludeFromGit(await ctx.repoLocation(), [`/${rel.split(sep).join('/')}/`]);
  }
  if (existsSync(path) && (await readdir(path)).length > 0) {
    throw new ConflictError(`The folder ${path} exists and is not a worktree; move it away first.`);
  }
}
