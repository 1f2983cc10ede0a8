import * as z from 'zod';
import type { ToolDeps } from '../deps.js';
import { defineTool } from '../../../shared/define-tool.js';
import { InputError } from '../../../shared/errors.js';
import { REMOTE_WRITE, positiveInt, prNumber, repoField, text } from './common.js';

const input = z
  .object({
    number: prNumber,
    body: text(65_536).optional().describe('Markdown text'),
    replyTo: positiveInt().optional().describe('Review comment id to reply to (in its thread)'),
    resolveThread: text(200).optional().describe('Review thread id to resolve'),
    repo: repoField,
  })
  .strict();

export const RESOLVE_THREAD = `mutation ResolveThread($threadId:ID!){resolveReviewThread(input:{threadId:$threadId}){thread{id isResolved}}}`;

export const prComment = defineTool<typeof input, ToolDeps>({
  name: 'pr_comment',
  title: 'Comment on PR',
  description: 'Adds a PR conversation comment, or a reply in a review thread (replyTo); optionally resolves a thread.',
  input,
  hints: REMOTE_WRITE,
  tier: 'basic',
  async handler({ number, body, replyTo, resolveThread, repo }, ctx) {
    if (body === undefined && resolveThread === undefined) throw new InputError('Pass body, resolveThread, or both.');
    if (replyTo !== undefined && body === undefined) throw new InputError('replyTo needs a body.');
    const api = await ctx.deps.api(repo, ctx.signal, ctx.progress);
    const data: Record<string, unknown> = { number };
    if (body !== undefined && replyTo !== undefined) {
      const reply = await api.rest<{ id: number; html_url: string }>(
        'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies',
        { pull_number: number, comment_id: replyTo, body },
        `Review comment ${replyTo} on PR #${number}`,
      );
      Object.assign(data, { commentId: reply.id, url: reply.html_url, inThreadOf: replyTo });
    } else if (body !== undefined) {
      const comment = await api.rest<{ id: number; html_url: string }>(
        'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
        { issue_number: number, body },
        `PR #${number}`,
      );
      Object.assign(data, { commentId: comment.id, url: comment.html_url });
    }
    if (resolveThread !== undefined) {
      await api.graphql(RESOLVE_THREAD, { threadId: resolveThread }, `Review thread ${resolveThread}`);
      data.resolved = resolveThread;
    }
    const said =
      body === undefined
        ? undefined
        : replyTo !== undefined
          ? `Replied in the thread of comment ${replyTo} on PR #${number}: ${data.url}`
          : `Commented on PR #${number}: ${data.url}`;
    const resolved = resolveThread === undefined ? undefined : `resolved thread ${resolveThread}`;
    return { data, text: said && resolved ? `${said}; ${resolved}` : (said ?? `PR #${number}: ${resolved}`) };
  },
});
