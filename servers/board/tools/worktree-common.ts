import type { ToolContext } from '../../../shared/define-tool.js';
import { NotFoundError } from '../../../shared/errors.js';
import type { BoardDeps } from '../deps.js';
import { worktreeBranch } from '../logic/worktree-slug.js';
import type { Feature } from '../store/feature.js';

export interface AttachedWorktree {
  feature: Feature;
  /** The feature's branch is the base branch itself: no worktree, it works in the main checkout. */
  onBase?: string;
  /** What the model should know about the base (e.g. the local base left behind, and why). */
  notes: string[];
}

/**
 * Creates (or reuses) the feature's worktree and records its branch and path on the feature. Runs outside the
 * board lock: git can take seconds, and the claim already makes the feature this session's.
 */
export async function attachWorktree(ctx: ToolContext<BoardDeps>, feature: Feature): Promise<Feature> {
  return (await attachWorktreeWithNotes(ctx, feature)).feature;
}

export async function attachWorktreeWithNotes(ctx: ToolContext<BoardDeps>, feature: Feature): Promise<AttachedWorktree> {
  const worktrees = await ctx.deps.worktrees();
  const branch = worktreeBranch(feature);
  const base = await worktrees.baseBranch();
  if (branch === base) return { feature, onBase: base, notes: [onBaseNote(feature.id, base, worktrees.mainRoot)] };
  await ctx.progress(0, 2, 'creating the worktree');
  const ensured = await worktrees.ensure(branch, {
    signal: ctx.signal,
    progress: (done, total, message) => void ctx.progress(done, total, message),
  });
  await ctx.progress(2, 2, ensured.created ? 'worktree created' : 'worktree reused');
  if (feature.branchName === ensured.branch && feature.worktreePath === ensured.path) return { feature, notes: ensured.notes };
  const { store } = await ctx.deps.board();
  const saved = await store.transaction((board, writes) => {
    const fresh = board.features.get(feature.id);
    if (!fresh) throw new NotFoundError(`Feature ${feature.id} was deleted while its worktree was being created.`);
    const next = { ...fresh, branchName: ensured.branch, worktreePath: ensured.path, updatedAt: new Date(ctx.deps.clock()).toISOString() };
    writes.save(next);
    return next;
  });
  return { feature: saved, notes: ensured.notes };
}

export function onBaseNote(id: string, base: string, mainRoot: string): string {
  return `${id} is on the base branch ${base} itself, so it gets no worktree: work in the main checkout ${mainRoot}.`;
}

/** The feature a worktree tool acts on, fresh from disk. */
export async function featureFor(ctx: ToolContext<BoardDeps>, id: string): Promise<Feature> {
  const { store } = await ctx.deps.board();
  return store.get(id);
}
