import * as z from 'zod';
import { WRITE } from '../../../shared/define-tool.js';
import type { ToolContext } from '../../../shared/define-tool.js';
import { ConflictError, NotFoundError, ToolError } from '../../../shared/errors.js';
import type { BoardDeps } from '../deps.js';
import { liveClaims, pickNext } from '../logic/ready-queue.js';
import { type Actor, actorName, assertMoveAllowed, holdsClaim, withClaim, withStatus } from '../logic/transitions.js';
import { type Feature, isClaimed } from '../store/feature.js';
import type { BoardSnapshot } from '../store/feature-store.js';
import { defineBoardTool, featureId } from './common.js';
import { attachWorktree } from './worktree-common.js';

export const agentName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._@:-]{0,63}$/, { message: 'must be letters, digits, spaces or ._@:- (≤ 64)' })
  .describe('Your name on the board (default: this session)');

type Claimed = { feature: Feature; takeover: boolean; renewed: boolean };

export const featureClaim = defineBoardTool({
  name: 'feature_claim',
  title: 'Claim a feature',
  description:
    'Claim a feature, move it to in_progress and give it a git worktree (its own folder and feature/ branch). Without id: the next ready one (dependencies done, highest priority, oldest), atomically across sessions. The claim is a lease your calls on the feature renew. Nothing ready → feature null and why.',
  input: z
    .object({
      id: featureId.optional(),
      agent: agentName.optional(),
      worktree: z.boolean().default(true).describe('Create or reuse its git worktree (default true)'),
    })
    .strict(),
  hints: WRITE,
  tier: 'basic',
  async handler({ id, agent, worktree }, ctx) {
    const { deps } = ctx;
    const actor: Actor = { ...deps.actor, ...(agent ? { agent } : {}) };
    const { store } = await deps.board();
    const outcome = await store.transaction((board, writes): Claimed | { reason: string } => {
      const now = deps.clock();
      const claimed = id ? claimById(board, id, actor, now, deps) : claimNext(board, actor, now, deps);
      if ('feature' in claimed) writes.save(claimed.feature);
      return claimed;
    });
    if (!('feature' in outcome)) return { data: { feature: null, reason: outcome.reason }, text: outcome.reason };
    const claimed = worktree ? await withWorktree(ctx, outcome.feature) : outcome.feature;
    return { data: { feature: claimView(claimed, outcome), }, text: claimText(claimed, outcome) };
  },
});

/** The claim stands even if git fails; the error says how to finish the set-up. */
async function withWorktree(ctx: ToolContext<BoardDeps>, feature: Feature): Promise<Feature> {
  try {
    return await attachWorktree(ctx, feature);
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    throw new ConflictError(`Claimed ${feature.id}, but its worktree could not be set up: ${error.message} Then call worktree_create.`, error.details);
  }
}

function claimById(board: BoardSnapshot, id: string, actor: Actor, now: number, deps: BoardDeps): Claimed {
  const feature = board.features.get(id);
  if (!feature) throw new NotFoundError(`No feature ${id}; feature_list shows the ids.`);
  if (feature.status === 'in_progress' && holdsClaim(feature, actor, now)) {
    return { feature: withClaim(feature, actor, now, deps.config.leaseMs), takeover: false, renewed: true };
  }
  if (isClaimed(feature, now)) {
    throw new ConflictError(`Feature ${id} is claimed by ${feature.claimedBy} until ${feature.leaseExpiresAt}.`);
  }
  assertWithinLimit(board, now, deps);
  if (feature.status === 'in_progress') return takeOver(feature, actor, now, deps);
  assertMoveAllowed(feature, 'in_progress', board.features);
  return { feature: start(feature, actor, now, deps), takeover: false, renewed: false };
}

function claimNext(board: BoardSnapshot, actor: Actor, now: number, deps: BoardDeps): Claimed | { reason: string } {
  const pick = pickNext(board.features, now, deps.config.maxInProgress);
  if (!pick.feature) return { reason: pick.reason };
  if (pick.takeover) return takeOver(pick.feature, actor, now, deps);
  return { feature: start(pick.feature, actor, now, deps), takeover: false, renewed: false };
}

function start(feature: Feature, actor: Actor, now: number, deps: BoardDeps): Feature {
  const moved = withStatus(feature, 'in_progress', { now, by: actorName(actor), reason: 'claimed' });
  return withClaim(moved, actor, now, deps.config.leaseMs);
}

function takeOver(feature: Feature, actor: Actor, now: number, deps: BoardDeps): Claimed {
  const reason = `lease of ${feature.claimedBy ?? 'an earlier session'} expired; taken over by ${actorName(actor)}`;
  const moved = withStatus(feature, 'in_progress', { now, by: actorName(actor), reason });
  return { feature: withClaim(moved, actor, now, deps.config.leaseMs), takeover: true, renewed: false };
}

function assertWithinLimit(board: BoardSnapshot, now: number, deps: BoardDeps): void {
  const max = deps.config.maxInProgress;
  if (max !== undefined && liveClaims(board.features, now) >= max) {
    throw new ConflictError(`The in-progress limit (BOARD_MAX_IN_PROGRESS=${max}) is reached; finish or release a feature first.`);
  }
}

function claimView(feature: Feature, outcome: Claimed): Record<string, unknown> {
  return {
    id: feature.id,
    title: feature.title,
    status: feature.status,
    description: feature.description,
    ...(feature.priority ? { priority: feature.priority } : {}),
    claimedBy: feature.claimedBy,
    leaseExpiresAt: feature.leaseExpiresAt,
    ...(feature.branchName ? { branch: feature.branchName } : {}),
    ...(feature.worktreePath ? { worktree: feature.worktreePath } : {}),
    ...(outcome.takeover ? { takeover: true } : {}),
    ...(outcome.renewed ? { renewed: true } : {}),
  };
}

function claimText(feature: Feature, outcome: Claimed): string {
  const verb = outcome.renewed ? 'Still yours' : outcome.takeover ? 'Took over' : 'Claimed';
  const where = feature.worktreePath ? `\nWork in ${feature.worktreePath} (branch ${feature.branchName}).` : '';
  return `${verb}: ${feature.id} · ${feature.title} (lease until ${feature.leaseExpiresAt})${where}\n\n${feature.description}`.trimEnd();
}
