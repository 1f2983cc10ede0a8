import * as z from 'zod';
import { defineTool, READ } from '../../../shared/define-tool.js';
import { untrustedLabel } from '../../../shared/untrusted.js';
import { settle } from '../approvals/service.js';
import { requireBot, type DiscordDeps } from '../deps.js';

const input = z
  .object({
    status: z.enum(['pending', 'approved', 'rejected', 'expired']).optional().describe('Only this status'),
    limit: z.number().int().min(1).max(50).optional().describe('Default 10'),
    allSessions: z.boolean().optional().describe("Include other sessions' requests (default: this session's only)"),
  })
  .strict();

export const approvalList = defineTool<typeof input, DiscordDeps>({
  name: 'approval_list',
  title: 'List approvals',
  description: "This session's recent approval requests, newest first (allSessions for every session's).",
  input,
  hints: { ...READ, idempotentHint: false },
  tier: 'basic',
  async handler(args, { deps }) {
    const { gateway, ctx } = requireBot(deps);
    gateway.start();
    const limit = args.limit ?? 10;
    const items = [];
    for (const stored of await ctx.store.list()) {
      if (!args.allSessions && stored.requester.session !== deps.requester.session) continue;
      const approval = await settle(stored, ctx);
      if (args.status && approval.status !== args.status) continue;
      items.push({
        id: approval.id,
        status: approval.status,
        title: approval.title,
        createdAt: approval.createdAt,
        ...(args.allSessions ? { requester: approval.requester } : {}),
        ...(approval.decidedBy ? { decidedBy: approval.decidedBy.name } : {}),
      });
      if (items.length >= limit) break;
    }
    const lines = items.map(
      (a) => `${a.id} ${a.status} ${JSON.stringify(a.title)}${a.decidedBy ? ` by ${untrustedLabel(a.decidedBy, 100)}` : ''}`,
    );
    return { data: { approvals: items }, text: lines.length ? lines.join('\n') : 'No approvals.' };
  },
});
