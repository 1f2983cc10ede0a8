/**
 * Creating (or reusing) a feature's worktree, and undoing a creation that failed or was cancelled half-way.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rmdir } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { ConflictError } from '../../../shared/errors.js';
import { excludeFromGit, listRegisteredWorktrees, realOrSame } from './repo.js';
import { GitCommandError, git, runGit } from './run-git.js';
import { assertInside } from './sanitize.js';
import type { EnsuredWorktree, Progress, WorktreeContext } from './worktree-types.js';
import { branchShas, firstLine, forkPoint, requiredSha, samePath } from './worktree-lookups.js';

export async function ensureWorktree(ctx: WorktreeContext, slug: string, opts: Progress): Promise<EnsuredWorktree> {
  const path = ctx.pathFor(slug);
  const branch = ctx.branchFor(slug);
  const signal = opts.signal;
  opts.progress?.(0, 3, 'checking worktrees');
  const base = await ctx.baseBranch();
  const found = await findExisting(ctx.mainRoot, path, branch, signal);
  if (found) {
    opts.progress?.(3, 3, 'reused');
    return { path, branch, base, baseSha: await forkPoint(ctx.mainRoot, base, branch), created: false };
  }
  await prepareFolder(ctx, path);
  opts.progress?.(1, 3, `creating ${branch}`);
  const shas = await branchShas(ctx.mainRoot, base, branch);
  const branchExisted = shas.has(branch);
  const baseSha = requiredSha(shas, base);
  const args = branchExisted
    ? ['worktree', 'add', path, branch]
    : ['worktree', 'add', '--no-track', '-b', branch, path, baseSha];
  try {
    await git(ctx.mainRoot, args, signal ? { signal } : {});
  } catch (error) {
    // Another process may have created it in the meantime: reuse theirs if it is exactly ours.
    if (!signal?.aborted && error instanceof GitCommandError && (await findExisting(ctx.mainRoot, path, branch))) {
      return { path, branch, base, baseSha: await forkPoint(ctx.mainRoot, base, branch), created: false };
    }
    await discardPartial(ctx.mainRoot, path, branch, branchExisted ? undefined : baseSha);
    if (!signal?.aborted && error instanceof GitCommandError) {
      throw new ConflictError(`git could not create the worktree for ${branch}: ${firstLine(error.gitMessage)}`);
    }
    throw error;
  }
  opts.progress?.(3, 3, 'created');
  return { path, branch, base, baseSha: branchExisted ? await forkPoint(ctx.mainRoot, base, branch) : baseSha, created: true };
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

async function findExisting(mainRoot: string, path: string, branch: string, signal?: AbortSignal): Promise<boolean> {
  const worktrees = await listRegisteredWorktrees(mainRoot, signal);
  const atPath = worktrees.find((w) => samePath(w.path, path));
  const onBranch = worktrees.find((w) => w.branch === branch);
  if (atPath?.prunable || onBranch?.prunable) {
    await git(mainRoot, ['worktree', 'prune']);
    return findExisting(mainRoot, path, branch, signal);
  }
  if (atPath && atPath.branch === branch) return true;
  if (atPath) throw new ConflictError(`The folder ${path} is already a worktree of ${atPath.branch ?? 'a detached HEAD'}.`);
  if (onBranch) throw new ConflictError(`${branch} is already checked out at ${onBranch.path}.`);
  return false;
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
