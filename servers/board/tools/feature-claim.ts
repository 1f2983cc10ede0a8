import * as z from 'zod';
import { WRITE } from '../../../shared/define-tool.js';
import type { ToolContext } from '../../../shared/define-tool.js';
import { ConflictError, InputError, NotFoundError, ToolError } from '../../../shared/errors.js';
import type { BoardDeps } from '../deps.js';
import { liveClaims, pickNext } from '../logic/ready-queue.js';
import { type Actor, actorName, assertMoveAllowed, holdsClaim, withClaim, withStatus } from '../logic/transitions.js';
import { type Feature, appHolds, isClaimed } from '../store/feature.js';
import type { BoardSnapshot, UndoLog } from '../store/feature-store.js';
import { DESCRIPTION_MAX, defineBoardTool, featureId, singleLine } from './common.js';
import { cutText } from './feature-view.js';
import { type AttachedWorktree, attachWorktreeWithNotes } from './worktree-common.js';
import { safeLine, safeText } from './text.js';
import { assertCanHoldWorktree } from './worktree-preflight.js';

export const agentName = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._@:-]{0,63}$/, { message: 'must be letters, digits, spaces or ._@:- (≤ 64)' })
  .describe('A label for your work on the board (default: this session); the claim itself belongs to this session');

type Claimed = { feature: Feature; takeover: boolean; renewed: boolean };
interface ClaimRequest {
  actor: Actor;
  now: number;
  force: boolean;
  reason?: string;
}

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
      force: z
        .boolean()
        .default(false)
        .describe('Take over another session’s live claim or the app’s running work (needs reason; recorded)'),
      reason: singleLine(1000).optional().describe('Why the take-over is forced'),
    })
    .strict(),
  hints: WRITE,
  tier: 'basic',
  async handler({ id, agent, worktree, force, reason }, ctx) {
    const { deps } = ctx;
    if (force && (!id || !reason)) throw new InputError('force takes over one named feature and needs a reason (both id and reason).');
    const actor: Actor = { ...deps.actor, ...(agent ? { agent } : {}) };
    if (worktree) {
      const manager = await deps.worktrees();
      await assertCanHoldWorktree(manager.mainRoot, () => manager.baseBranch());
    }
    const { store } = await deps.board();
    const undo: UndoLog = new Map();
    const outcome = await store.transaction((board, writes): Claimed | { reason: string } => {
      const request: ClaimRequest = { actor, now: deps.clock(), force, ...(reason ? { reason } : {}) };
      const claimed = id ? claimById(board, id, request, deps) : claimNext(board, request, deps);
      if ('feature' in claimed) writes.save(claimed.feature);
      return claimed;
    }, undo);
    if (!('feature' in outcome)) return { data: { feature: null, reason: outcome.reason }, text: outcome.reason };
    const attached = worktree ? await withWorktree(ctx, outcome, undo) : { feature: outcome.feature, notes: [] };
    const data: Record<string, unknown> = { feature: claimView(attached.feature, outcome) };
    if (attached.notes.length) data.notes = attached.notes;
    return { data, text: claimText(attached, outcome) };
  },
});

/** A claim whose worktree cannot be made is undone: the feature goes back to what it was before this call. */
async function withWorktree(ctx: ToolContext<BoardDeps>, outcome: Claimed, undo: UndoLog): Promise<AttachedWorktree> {
  try {
    return await attachWorktreeWithNotes(ctx, outcome.feature);
  } catch (error) {
    // The file goes back byte for byte (the app's status and fields as they were), unless changed since.
    if (!outcome.renewed) await (await ctx.deps.board()).store.undo(undo);
    const why = error instanceof ToolError ? error.message : 'git failed (the server log has the details).';
    if (!(error instanceof ToolError)) ctx.log.error({ err: error, feature: outcome.feature.id }, 'worktree set-up failed');
    throw new ConflictError(
      `Could not claim ${outcome.feature.id}: its worktree could not be set up (${why})${outcome.renewed ? '' : ' The claim was rolled back.'}`,
      error instanceof ToolError ? error.details : undefined,
    );
  }
}

function claimById(board: BoardSnapshot, id: string, request: ClaimRequest, deps: BoardDeps): Claimed {
  const { actor, now } = request;
  const feature = board.features.get(id);
  if (!feature) throw new NotFoundError(`No feature ${id}; feature_list shows the ids.`);
  if (feature.status === 'in_progress' && holdsClaim(feature, actor, now)) {
    return { feature: withClaim(feature, actor, now, deps.config.leaseMs), takeover: false, renewed: true };
  }
  if (appHolds(feature) && !request.force) {
    throw new ConflictError(
      `Feature ${id} is being worked on in the app (${feature.appStatus ?? feature.status}${feature.claimedBy ? `, claimed by ${safeLine(feature.claimedBy, 64)}` : ''}, no lease of ours); leave it, or pass force with a reason to take it over.`,
    );
  }
  if (isClaimed(feature, now) && !request.force) {
    throw new ConflictError(
      `Feature ${id} is claimed by ${feature.claimedBy} (another session) until ${feature.leaseExpiresAt}; wait for the lease to expire, or pass force with a reason.`,
    );
  }
  assertWithinLimit(board, now, deps);
  if (feature.status === 'in_progress' || appHolds(feature)) return takeOver(feature, request, deps);
  assertMoveAllowed(feature, 'in_progress', board.features);
  return { feature: start(feature, actor, now, deps), takeover: false, renewed: false };
}

function claimNext(board: BoardSnapshot, request: ClaimRequest, deps: BoardDeps): Claimed | { reason: string } {
  const pick = pickNext(board.features, request.now, deps.config.maxInProgress);
  if (!pick.feature) return { reason: pick.reason };
  if (pick.takeover) return takeOver(pick.feature, request, deps);
  return { feature: start(pick.feature, request.actor, request.now, deps), takeover: false, renewed: false };
}

function start(feature: Feature, actor: Actor, now: number, deps: BoardDeps): Feature {
  const moved = withStatus(feature, 'in_progress', { now, by: actorName(actor), reason: 'claimed' });
  return withClaim(moved, actor, now, deps.config.leaseMs);
}

function takeOver(feature: Feature, request: ClaimRequest, deps: BoardDeps): Claimed {
  const { actor, now } = request;
  const holder = feature.claimedBy ?? 'an earlier session';
  const reason = appHolds(feature)
    ? `forced take-over of the app's work (${feature.appStatus ?? feature.status}${feature.claimedBy ? `, claimed by ${feature.claimedBy}` : ''}) by ${actorName(actor)}: ${request.reason}`
    : isClaimed(feature, now)
      ? `forced take-over of ${holder}'s live claim by ${actorName(actor)}: ${request.reason}`
      : `lease of ${holder} expired; taken over by ${actorName(actor)}`;
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
    title: safeLine(feature.title),
    status: feature.status,
    description: cutText(feature.description, DESCRIPTION_MAX, `the whole text is in .automaker/features/${feature.id}/feature.json`),
    ...(feature.priority ? { priority: feature.priority } : {}),
    claimedBy: feature.claimedBy,
    leaseExpiresAt: feature.leaseExpiresAt,
    ...(feature.branchName ? { branch: feature.branchName } : {}),
    ...(feature.worktreePath ? { worktree: feature.worktreePath } : {}),
    ...(outcome.takeover ? { takeover: true } : {}),
    ...(outcome.renewed ? { renewed: true } : {}),
  };
}

/** The claim, where to work (and what the model should know about the base), then the task itself. */
function claimText({ feature, notes }: AttachedWorktree, outcome: Claimed): string {
  const verb = outcome.renewed ? 'Still yours' : outcome.takeover ? 'Took over' : 'Claimed';
  const where = `${feature.worktreePath ? `\nWork in ${feature.worktreePath} (branch ${feature.branchName}).` : ''}${notes.map((n) => `\nNote: ${n}`).join('')}`;
  return `${verb}: ${feature.id} · ${safeLine(feature.title)} (lease until ${feature.leaseExpiresAt})${where}\n\n${safeText(cutText(feature.description, DESCRIPTION_MAX, `the whole text is in .automaker/features/${feature.id}/feature.json`))}`.trimEnd();
}
