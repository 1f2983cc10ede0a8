import * as z from 'zod';
import type { ToolDeps } from '../deps.js';
import { defineTool } from '../../../shared/define-tool.js';
import { InputError } from '../../../shared/errors.js';
import { REMOTE_WRITE, branchName, labelName, positiveInt, repoField, text } from './common.js';

const input = z
  .object({
    title: text(256).describe('Blocker title (dedupe key)'),
    body: text(65_536).describe('What blocks and what was tried'),
    labels: z.array(labelName).refine((l) => l.length > 0, 'at least one label').optional().describe('Default ["blocker"]'),
    pr: positiveInt().optional().describe('Related PR number'),
    branch: branchName.optional().describe('Related branch'),
    repo: repoField,
  })
  .strict();

interface Issue {
  number: number;
  title: string;
  html_url: string;
  labels: Array<{ name: string } | string>;
  pull_request?: unknown;
}

export const issueReport = defineTool<typeof input, ToolDeps>({
  name: 'issue_report',
  title: 'Report blocker',
  description: 'Files a blocker issue, or comments on the open one with the same title and labels.',
  input,
  hints: { ...REMOTE_WRITE, idempotentHint: true },
  tier: 'basic',
  async handler({ title, body, labels, pr, branch, repo }, ctx) {
    if (pr !== undefined && branch !== undefined) throw new InputError('Pass pr or branch, not both.');
    const api = await ctx.deps.api(repo, ctx.signal, ctx.progress);
    const wanted = labels ?? ['blocker'];
    const related = pr !== undefined ? `\n\nRelated PR: #${pr}` : branch !== undefined ? `\n\nRelated branch: \`${branch}\`` : '';
    const text = `${body}${related}`;
    // Not filtered by label: GitHub silently drops the labels of a reporter without push access, so the first
    // report may carry none, and a label filter would miss it and file a duplicate.
    const { items } = await api.paginate<Issue>('GET /repos/{owner}/{repo}/issues', { state: 'open' }, 500);
    const key = normalise(title);
    const labelsOf = (i: Issue) => i.labels.map((l) => (typeof l === 'string' ? l : l.name));
    // The same title with the wanted labels, or with none (they were dropped); another label is another matter.
    const existing = items.find((i) => !i.pull_request && normalise(i.title) === key && (labelsOf(i).length === 0 || wanted.every((l) => labelsOf(i).includes(l))));
    if (existing) {
      const comment = await api.rest<{ id: number; html_url: string }>(
        'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
        { issue_number: existing.number, body: text },
        `Issue #${existing.number}`,
      );
      return { data: { number: existing.number, action: 'commented', url: comment.html_url } };
    }
    const created = await api.rest<Issue>('POST /repos/{owner}/{repo}/issues', { title, body: text, labels: wanted });
    const applied = new Set(created.labels.map((l) => (typeof l === 'string' ? l : l.name)));
    const dropped = wanted.filter((l) => !applied.has(l));
    return {
      data: {
        number: created.number,
        action: 'created',
        url: created.html_url,
        ...(dropped.length ? { labelsDropped: dropped, note: 'GitHub dropped these labels: the token’s user cannot label issues here (no push access).' } : {}),
      },
    };
  },
});

function normalise(title: string): string {
  return title.replace(/\s+/g, ' ').trim().toLowerCase();
}
