import type { ToolContext } from '../../../shared/define-tool.js';
import { NotFoundError } from '../../../shared/errors.js';
import type { BoardDeps } from '../deps.js';
import { worktreeSlug } from '../logic/worktree-slug.js';
import type { Feature } from '../store/feature.js';

/**
 * Creates (or reuses) the feature's worktree and records its branch and path on the feature. Runs outside the
 * board lock: git can take seconds, and the claim already makes the feature this session's.
 */
export async function attachWorktree(ctx: ToolContext<BoardDeps>, feature: Feature): Promise<Feature> {
  const worktrees = await ctx.deps.worktrees();
  const slug = worktreeSlug(feature);
  await ctx.progress(0, 2, 'creating the worktree');
  const ensured = await worktrees.ensure(slug, {
    signal: ctx.signal,
    progress: (done, total, message) => void ctx.progress(done, total, message),
  });
  await ctx.progress(2, 2, ensured.created ? 'worktree created' : 'worktree reused');
  if (feature.branchName === ensured.branch && feature.worktreePath === ensured.path) return feature;
  const { store } = await ctx.deps.board();
  return store.transaction((board, writes) => {
    const fresh = board.features.get(feature.id);
    if (!fresh) throw new NotFoundError(`Feature ${feature.id} was deleted while its worktree was being created.`);
    const next = { ...fresh, branchName: ensured.branch, worktreePath: ensured.path, updatedAt: new Date(ctx.deps.clock()).toISOString() };
    writes.save(next);
    return next;
  });
}

/** The feature a worktree tool acts on, fresh from disk. */
export async function featureFor(ctx: ToolContext<BoardDeps>, id: string): Promise<Feature> {
  const { store } = await ctx.deps.board();
  return store.get(id);
}
