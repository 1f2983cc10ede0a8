import * as z from 'zod';
import type { ToolDeps } from '../deps.js';
import { defineTool } from '../../../shared/define-tool.js';
import { InputError } from '../../../shared/errors.js';
import { REMOTE_WRITE, positiveInt, prNumber, repoField, text } from './common.js';

const input = z
  .object({
    number: prNumber,
    event: z.enum(['COMMENT', 'REQUEST_CHANGES', 'APPROVE']).describe('Review verdict'),
    body: text(65_536).optional().describe('Summary (required unless APPROVE)'),
    comments: z
      .array(
        z
          .object({
            path: text(500).describe('File path'),
            line: positiveInt().describe('Line in the new file'),
            body: text(65_536).describe('Comment'),
          })
          .strict(),
      )
      .optional()
      .describe('Inline comments'),
    repo: repoField,
  })
  .strict();

export const prReview = defineTool<typeof input, ToolDeps>({
  name: 'pr_review',
  title: 'Review PR',
  description: 'Submits a review: COMMENT, REQUEST_CHANGES or APPROVE, with optional inline comments.',
  input,
  hints: REMOTE_WRITE,
  tier: 'basic',
  async handler({ number, event, body, comments, repo }, ctx) {
    if (event !== 'APPROVE' && !body) throw new InputError(`${event} needs a body.`);
    const api = await ctx.deps.api(repo, ctx.signal, ctx.progress);
    const review = await api.rest<{ id: number; state: string; html_url: string }>(
      'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
      {
        pull_number: number,
        event,
        ...(body ? { body } : {}),
        ...(comments?.length ? { comments: comments.map((c) => ({ ...c, side: 'RIGHT' })) } : {}),
      },
      `PR #${number}`,
    );
    return {
      data: { number, reviewId: review.id, state: review.state, url: review.html_url, inlineComments: comments?.length ?? 0 },
      text: `Reviewed PR #${number}: ${review.state.toLowerCase()}${comments?.length ? `, ${comments.length} inline comment(s)` : ''}: ${review.html_url}`,
    };
  },
});
