/**
 * The board's git overhead against raw git on the same repository (for `npm run bench`, never in tests).
 *
 * API
 *   benchWorktreeOverhead(runs, files = 500) → { ensureMs, rawWorktreeAddMs, mergeMs, rawMergeMs, removeMs,
 *     rawRemoveMs, mergeGitProcesses, removeGitProcesses, files, runs }   medians; the process counts are the git
 *     processes the board starts (raw: `git merge` is 1, and starts `git maintenance run --auto` itself; remove is 2,
 *     and `git worktree remove` starts a `git status` itself, ours too)
 *   ensure: WorktreeManager.ensure on a fresh slug vs `git worktree add -b <branch> <path> main`
 *   merge:  WorktreeManager.merge (strategy merge, main checked out and clean) vs `git merge --no-ff` in the main
 *           checkout; both merge a one-commit feature into a base that moved on.
 *   remove: WorktreeManager.remove with deleteBranch of the merged worktree vs `git worktree remove` + `git branch -d`.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { gitProcessesStarted } from './run-git.js';
import { makeRepo } from './test-repo.js';
import { WorktreeManager } from './worktrees.js';

export interface WorktreeBench {
  ensureMs: number;
  rawWorktreeAddMs: number;
  mergeMs: number;
  rawMergeMs: number;
  removeMs: number;
  rawRemoveMs: number;
  mergeGitProcesses: number;
  removeGitProcesses: number;
  files: number;
  runs: number;
}

export async function benchWorktreeOverhead(runs: number, count = 500): Promise<WorktreeBench> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`src/dir${i % 20}/file${i}.txt`] = `file ${i}\n${'x'.repeat(200)}\n`;
  const repo = makeRepo(files);
  try {
    const manager = new WorktreeManager({ mainRoot: repo.root, worktreesDir: join(repo.root, '.worktrees') });
    await manager.ensure('warm-up');
    const ensure: number[] = [];
    const raw: number[] = [];
    const merge: number[] = [];
    const rawMerge: number[] = [];
    const remove: number[] = [];
    const rawRemove: number[] = [];
    const processes = { merge: [] as number[], remove: [] as number[] };
    const counted = async (into: number[], fn: () => Promise<unknown>) => {
      const before = gitProcessesStarted();
      await fn();
      into.push(gitProcessesStarted() - before);
    };
    for (let i = 0; i < runs; i++) {
      ensure.push(await timed(() => manager.ensure(`bench-${i}`)));
      raw.push(
        await timed(async () => repo.git(['worktree', 'add', '-q', '-b', `raw/${i}`, join(repo.root, '.worktrees', `raw-${i}`), 'main'])),
      );

      repo.commit({ [`feature-${i}.txt`]: `feature ${i}\n` }, `feature ${i}`, join(repo.root, '.worktrees', `bench-${i}`));
      repo.commit({ [`base-a-${i}.txt`]: `base ${i}\n` }, `base moves ${i}`);
      merge.push(await timed(() => counted(processes.merge, () => manager.merge(`bench-${i}`, { strategy: 'merge' }))));

      repo.commit({ [`raw-${i}.txt`]: `raw ${i}\n` }, `raw ${i}`, join(repo.root, '.worktrees', `raw-${i}`));
      repo.commit({ [`base-b-${i}.txt`]: `base ${i}\n` }, `base moves again ${i}`);
      rawMerge.push(await timed(async () => gitQuiet(repo.root, ['merge', '-q', '--no-ff', '--no-edit', `raw/${i}`])));

      remove.push(await timed(() => counted(processes.remove, () => manager.remove(`bench-${i}`, { deleteBranch: true }))));
      rawRemove.push(
        await timed(async () => {
          gitQuiet(repo.root, ['worktree', 'remove', join(repo.root, '.worktrees', `raw-${i}`)]);
          gitQuiet(repo.root, ['branch', '-d', `raw/${i}`]);
        }),
      );
    }
    return {
      ensureMs: median(ensure),
      rawWorktreeAddMs: median(raw),
      mergeMs: median(merge),
      rawMergeMs: median(rawMerge),
      removeMs: median(remove),
      rawRemoveMs: median(rawRemove),
      mergeGitProcesses: median(processes.merge),
      removeGitProcesses: median(processes.remove),
      files: count,
      runs,
    };
  } finally {
    repo.cleanup();
  }
}

function gitQuiet(cwd: string, args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore' });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return Math.round(value * 10) / 10;
}
