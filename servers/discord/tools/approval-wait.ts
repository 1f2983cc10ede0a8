import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';
import { defineTool, READ } from '../../../shared/define-tool.js';
import { NotFoundError } from '../../../shared/errors.js';
import { APPROVAL_ID } from '../approvals/model.js';
import { approvalResult, describeStatus, settle } from '../approvals/service.js';
import { requireBot, type DiscordDeps } from '../deps.js';

const input = z
  .object({
    id: z.string().max(40).regex(APPROVAL_ID).describe('Approval id'),
    maxWaitSeconds: z.number().int().min(0).max(50).optional().describe('Default 45'),
    anySession: z.boolean().optional().describe("Also wait on another session's request (e.g. after a restart)"),
  })
  .strict();

export const approvalWait = defineTool<typeof input, DiscordDeps>({
  name: 'approval_wait',
  title: 'Wait for an approval',
  description:
    'Wait up to maxWaitSeconds for a decision. Returns pending, approved, rejected or expired, with who decided, when and why; call again while pending.',
  input,
  hints: { ...READ, idempotentHint: false, openWorldHint: true },
  tier: 'basic',
  async handler(args, { deps, signal, progress }) {
    const { gateway, ctx } = requireBot(deps);
    const requested = await ctx.store.require(args.id);
    if (!args.anySession && requested.requester.session !== deps.requester.session) {
      throw new NotFoundError(
        `Approval ${args.id} was requested by another session (${requested.requester.instance}, ${requested.requester.session}); pass anySession: true to wait on it anyway.`,
      );
    }
    // Any process waiting on a decision is a candidate for the gateway: clicks must reach somebody.
    gateway.start();
    const waitMs = (args.maxWaitSeconds ?? 45) * 1000;
    const started = Date.now();
    let nextProgress = deps.progressEveryMs;
    for (;;) {
      const approval = await settle(await ctx.store.require(args.id), ctx);
      const elapsed = Date.now() - started;
      if (approval.status !== 'pending' || elapsed >= waitMs) {
        return { data: approvalResult(approval), text: describeStatus(approval) };
      }
      if (elapsed >= nextProgress) {
        nextProgress += deps.progressEveryMs;
        await progress(Math.round(elapsed / 1000), waitMs / 1000, `waiting for a decision on ${approval.id}`);
      }
      await sleep(Math.min(deps.waitPollMs, waitMs - elapsed), undefined, { signal });
    }
  },
});
