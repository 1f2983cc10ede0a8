import * as z from 'zod';
import { defineTool, WRITE } from '../../../shared/define-tool.js';
import { UpstreamError } from '../../../shared/errors.js';
import type { Approval } from '../approvals/model.js';
import { approvalResult } from '../approvals/service.js';
import { ApprovalStore } from '../approvals/store.js';
import { approvalMessage, shownDetails } from '../approvals/view.js';
import { requireApprovals, type DiscordDeps } from '../deps.js';
import { messageUrl } from '../rest.js';

const input = z
  .object({
    title: z.string().trim().min(1).max(200).describe('What needs approval'),
    details: z.string().trim().min(1).max(4000).describe('Context for the approver (markdown is shown as plain text)'),
    feature: z.string().max(200).optional().describe('Feature id'),
    risk: z.enum(['low', 'medium', 'high']).optional().describe('Risk level'),
    expiresInMinutes: z.number().int().min(1).max(10_080).optional().describe('Default 60'),
  })
  .strict();

export const approvalRequest = defineTool<typeof input, DiscordDeps>({
  name: 'approval_request',
  title: 'Request approval',
  description: 'Post an approval request with Approve/Reject buttons in #approvals. Returns its id at once; then call approval_wait.',
  input,
  hints: { ...WRITE, openWorldHint: true },
  tier: 'basic',
  async handler(args, { deps, signal }) {
    const { rest, channelId, gateway, ctx, approvers } = requireApprovals(deps);
    // Connect (or wait our turn for) the gateway now, so the buttons work by the time someone clicks.
    gateway.start();
    const now = ctx.now();
    const approval: Approval = {
      id: ApprovalStore.newId(),
      instanceId: await ctx.store.instanceId(),
      title: args.title,
      details: args.details,
      ...(args.feature ? { feature: args.feature } : {}),
      ...(args.risk ? { risk: args.risk } : {}),
      status: 'pending',
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + (args.expiresInMinutes ?? 60) * 60_000).toISOString(),
      channelId,
      approvers,
      requester: deps.requester,
    };
    // Stored before posting: a click can arrive before the post's answer does.
    await ctx.store.create(approval);
    let posted: Approval;
    try {
      const subject = '#approvals';
      // The nonce makes a retried post (after a timeout) return the message Discord already created.
      const body = { ...approvalMessage(approval), nonce: approval.id, enforce_nonce: true };
      const message = await rest.postMessage(channelId, body, { signal, subject });
      const guildId = message.guild_id ?? (await rest.channelGuild(channelId, { signal, subject }));
      const link = messageUrl(guildId, channelId, message.id);
      posted = (await ctx.store.update(approval.id, (a) => ({ ...a, messageId: message.id, messageUrl: link }))).approval;
    } catch (error) {
      // Refused outright: nothing was posted. Unreachable or timed out: Discord may have posted it, so the request
      // stays decidable rather than leaving live buttons that answer "unknown".
      if (!(error instanceof UpstreamError)) {
        await ctx.store.remove(approval.id);
        throw error;
      }
      throw new UpstreamError(
        `${error.message} Approval ${approval.id} may have been posted anyway; approval_wait ${approval.id} reports a decision if one is made.`,
      );
    }
    const { id, status, messageUrl: url, expiresAt } = approvalResult(posted);
    const cut = shownDetails(posted).cut;
    return {
      data: { id, status, messageUrl: url, expiresAt, ...(cut ? { detailsTruncated: true } : {}) },
      text: `Approval ${posted.id} is pending (expires ${posted.expiresAt}): ${posted.messageUrl}.${cut ? ' The details were cut to fit Discord (4,096 characters shown).' : ''} Call approval_wait with this id.`,
    };
  },
});
