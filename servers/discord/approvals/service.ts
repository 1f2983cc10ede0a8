import type { Logger } from '../../../shared/logger.js';
import { untrusted, untrustedLabel } from '../../../shared/untrusted.js';
import type { DiscordRest } from '../rest.js';
import { isExpired, type Approval } from './model.js';
import type { ApprovalStore } from './store.js';
import { approvalMessage } from './view.js';

export interface ApprovalContext {
  store: ApprovalStore;
  rest: DiscordRest;
  now(): number;
  log: Logger;
}

/**
 * Expiry is computed from the stored time, not a timer: whoever reads a pending request past its expiry marks
 * it expired (once, under the lock) and edits its message to say so.
 */
export async function settle(approval: Approval, ctx: ApprovalContext): Promise<Approval> {
  const { changed, approval: current } = await markExpired(approval, ctx);
  if (changed) await refreshMessage(current, ctx);
  return current;
}

/** Records the expiry of a request past its time (once, under the lock) without touching its message. */
export async function markExpired(approval: Approval, ctx: ApprovalContext): Promise<{ changed: boolean; approval: Approval }> {
  if (!isExpired(approval, ctx.now())) return { changed: false, approval };
  return ctx.store.update(approval.id, (a) =>
    isExpired(a, ctx.now()) ? { ...a, status: 'expired', decidedAt: new Date(ctx.now()).toISOString() } : undefined,
  );
}

/** Records a decision unless the request was already decided or has expired; `decided` says whether it was this one. */
export async function decide(
  id: string,
  decision: { status: 'approved' | 'rejected'; by: { id: string; name: string }; reason?: string },
  ctx: ApprovalContext,
): Promise<{ decided: boolean; approval: Approval }> {
  const { changed, approval } = await ctx.store.update(id, (a) =>
    a.status !== 'pending' || isExpired(a, ctx.now())
      ? undefined
      : {
          ...a,
          status: decision.status,
          decidedBy: decision.by,
          decidedAt: new Date(ctx.now()).toISOString(),
          ...(decision.reason ? { reason: decision.reason } : {}),
        },
  );
  return { decided: changed, approval };
}

/** Edits the request's message to its current state (outcome shown, buttons removed once decided). */
export async function refreshMessage(approval: Approval, ctx: ApprovalContext): Promise<void> {
  if (!approval.messageId) return;
  try {
    await ctx.rest.editMessage(approval.channelId, approval.messageId, approvalMessage(approval));
  } catch (error) {
    ctx.log.warn({ err: error, id: approval.id }, 'could not edit the approval message');
  }
}

/** The compact view an agent reads; the human's reason is untrusted text. */
export function approvalResult(approval: Approval): Record<string, unknown> {
  return {
    id: approval.id,
    status: approval.status,
    title: approval.title,
    ...(approval.decidedBy ? { decidedBy: approval.decidedBy } : {}),
    ...(approval.decidedAt ? { decidedAt: approval.decidedAt } : {}),
    ...(approval.reason ? { reason: untrusted(approval.reason, 1000) } : {}),
    expiresAt: approval.expiresAt,
    ...(approval.messageUrl ? { messageUrl: approval.messageUrl } : {}),
  };
}

export function describeStatus(approval: Approval): string {
  switch (approval.status) {
    case 'pending':
      return `Approval ${approval.id} is still pending (expires ${approval.expiresAt}); call approval_wait again.`;
    case 'expired':
      return `Approval ${approval.id} expired at ${approval.expiresAt} without a decision.`;
    default: {
      // Display names and reasons are typed by Discord users: labelled, never bare.
      const by = approval.decidedBy ? ` by ${untrustedLabel(approval.decidedBy.name, 100)} (${approval.decidedBy.id})` : '';
      const why = approval.reason ? `; reason ${untrustedLabel(approval.reason, 1000)}` : '';
      return `Approval ${approval.id} was ${approval.status}${by} at ${approval.decidedAt}${why}.`;
    }
  }
}
