import * as z from 'zod';
import type { ToolDeps } from '../deps.js';
import { defineTool } from '../../../shared/define-tool.js';
import { InputError } from '../../../shared/errors.js';
import { REMOTE_WRITE, labelName, login, issueNumber, repoField, text } from './common.js';

const input = z
  .object({
    number: issueNumber().describe('Issue number'),
    comment: text(65_536).optional().describe('Comment to add'),
    state: z.enum(['open', 'closed']).optional().describe('Close or reopen'),
    reason: z.enum(['completed', 'not_planned', 'reopened']).optional().describe('State reason'),
    labels: z.array(labelName).optional().describe('Replaces the labels'),
    assignees: z.array(login).optional().describe('Replaces the assignees'),
    repo: repoField,
  })
  .strict();

export const issueUpdate = defineTool<typeof input, ToolDeps>({
  name: 'issue_update',
  title: 'Update issue',
  description: 'Comments on an issue and/or changes its state (with reason), labels or assignees.',
  input,
  hints: REMOTE_WRITE,
  tier: 'basic',
  async handler({ number, comment, state, reason, labels, assignees, repo }, ctx) {
    const fields = {
      ...(state ? { state } : {}),
      ...(reason ? { state_reason: reason } : {}),
      ...(labels ? { labels } : {}),
      ...(assignees ? { assignees } : {}),
    };
    if (!comment && Object.keys(fields).length === 0) throw new InputError('Nothing to change: pass comment, state, labels or assignees.');
    if (reason && !state) throw new InputError('reason goes with state.');
    const api = await ctx.deps.api(repo, ctx.signal, ctx.progress);
    const what = `Issue #${number}`;
    const data: Record<string, unknown> = { number };
    if (comment) {
      const added = await api.rest<{ id: number; html_url: string }>(
        'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
        { issue_number: number, body: comment },
        what,
      );
      data.commentUrl = added.html_url;
    }
    if (Object.keys(fields).length > 0) {
      const issue = await api.rest<{
        state: string;
        state_reason: string | null;
        labels: Array<{ name: string }>;
        assignees: Array<{ login: string }>;
      }>('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { issue_number: number, ...fields }, what);
      Object.assign(data, {
        state: issue.state,
        reason: issue.state_reason,
        labels: issue.labels.map((l) => l.name),
        assignees: issue.assignees.map((a) => a.login),
      });
    }
    const parts = [
      ...(data.commentUrl ? [`commented ${data.commentUrl}`] : []),
      ...(data.state
        ? [
            `${data.state}${data.reason ? ` (${data.reason})` : ''}, labels [${(data.labels as string[]).join(', ')}]${(data.assignees as string[]).length ? ` @${(data.assignees as string[]).join(',@')}` : ''}`,
          ]
        : []),
    ];
    return { data, text: `Issue #${number}: ${parts.join('; ')}` };
  },
});
