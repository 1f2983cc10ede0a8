import * as z from 'zod';
import type { ToolDeps } from '../deps.js';
import { defineTool } from '../../../shared/define-tool.js';
import { InputError } from '../../../shared/errors.js';
import { REMOTE_WRITE, branchName, labelName, login, prNumber, repoField, text } from './common.js';

const input = z
  .object({
    number: prNumber,
    title: text(256).optional().describe('New title'),
    body: text(65_536).optional().describe('New description'),
    draft: z.boolean().optional().describe('false: ready for review; true: back to draft'),
    base: branchName.optional().describe('New base branch'),
    reviewers: z.array(login).optional().describe('Logins to request reviews from'),
    labels: z.array(labelName).optional().describe('Replaces the labels'),
    repo: repoField,
  })
  .strict();

const READY = `mutation MarkReady($id:ID!){markPullRequestReadyForReview(input:{pullRequestId:$id}){pullRequest{isDraft}}}`;
const TO_DRAFT = `mutation ConvertToDraft($id:ID!){convertPullRequestToDraft(input:{pullRequestId:$id}){pullRequest{isDraft}}}`;

export const prUpdate = defineTool<typeof input, ToolDeps>({
  name: 'pr_update',
  title: 'Update PR',
  description: 'Changes a PR: title, body, draft/ready, base, requested reviewers, labels.',
  input,
  hints: { ...REMOTE_WRITE, idempotentHint: true },
  tier: 'basic',
  async handler({ number, title, body, draft, base, reviewers, labels, repo }, ctx) {
    const fields = {
      ...(title !== undefined ? { title } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(base !== undefined ? { base } : {}),
    };
    if (Object.keys(fields).length === 0 && draft === undefined && !reviewers && !labels)
      throw new InputError('Nothing to change: pass at least one field.');
    const api = await ctx.deps.api(repo, ctx.signal, ctx.progress);
    const what = `PR #${number}`;
    let pr = await api.rest<{ node_id: string; draft: boolean; html_url: string; state: string }>(
      Object.keys(fields).length ? 'PATCH /repos/{owner}/{repo}/pulls/{pull_number}' : 'GET /repos/{owner}/{repo}/pulls/{pull_number}',
      { pull_number: number, ...fields },
      what,
    );
    const updated = Object.keys(fields);
    if (draft !== undefined && draft !== pr.draft) {
      await api.graphql(draft ? TO_DRAFT : READY, { id: pr.node_id }, what);
      pr = { ...pr, draft };
      updated.push('draft');
    }
    if (reviewers?.length) {
      await api.rest('POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', { pull_number: number, reviewers }, what);
      updated.push('reviewers');
    }
    if (labels) {
      await api.rest('PUT /repos/{owner}/{repo}/issues/{issue_number}/labels', { issue_number: number, labels }, what);
      updated.push('labels');
    }
    return {
      data: { number, url: pr.html_url, draft: pr.draft, updated },
      text: `Updated PR #${number} (${updated.join(', ') || 'nothing changed'}); ${pr.draft ? 'draft' : 'ready for review'}: ${pr.html_url}`,
    };
  },
});
