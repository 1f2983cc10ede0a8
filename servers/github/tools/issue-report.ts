import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { ToolDeps } from '../deps.js';
import { defineTool } from '../../../shared/define-tool.js';
import { InputError } from '../../../shared/errors.js';
import type { GitHubApi } from '../client.js';
import { REMOTE_WRITE, branchName, labelName, issueNumber, repoField, text } from './common.js';

const input = z
  .object({
    title: text(256).describe('Blocker title (dedupe key)'),
    body: text(65_536).describe('What blocks and what was tried'),
    labels: z.array(labelName).min(1, 'at least one label').optional().describe('Default ["blocker"]'),
    pr: issueNumber().optional().describe('Related PR number'),
    branch: branchName.optional().describe('Related branch'),
    repo: repoField,
  })
  .strict();

interface Issue {
  number: number;
  title: string;
  body?: string | null;
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
    // Every report says which instance saw it: several instances share the repository and its blockers.
    const signed = `${body}${related}\n\nreported by instance ${ctx.deps.instance}`;
    const marker = blockerMarker(title);
    const existing = findBlocker(await openIssues(api), { title, marker, wanted });
    if (existing) return comment(api, existing, signed, 'commented');
    const created = await api.rest<Issue>('POST /repos/{owner}/{repo}/issues', { title, body: `${signed}\n\n${marker}`, labels: wanted });
    // Another instance may have filed the same blocker at the same moment: all agree on the oldest open one.
    const first = (await openIssues(api)).filter((i) => !i.pull_request && i.body?.includes(marker)).sort((a, b) => a.number - b.number)[0];
    if (first && first.number < created.number) {
      await api.rest(
        'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
        { issue_number: created.number, state: 'closed', state_reason: 'duplicate' },
        `Issue #${created.number}`,
      );
      return comment(api, first, signed, 'commented (a simultaneous duplicate was closed)');
    }
    const applied = new Set(created.labels.map((l) => (typeof l === 'string' ? l : l.name)));
    const dropped = wanted.filter((l) => !applied.has(l));
    const note = dropped.length
      ? ` GitHub dropped the labels ${dropped.join(', ')}: the token's user cannot label issues here (no push access).`
      : '';
    return {
      data: { number: created.number, action: 'created', url: created.html_url, ...(dropped.length ? { labelsDropped: dropped } : {}) },
      text: `Filed blocker #${created.number}: ${created.html_url}${note}`,
    };
  },
});

async function openIssues(api: GitHubApi): Promise<Issue[]> {
  // Not filtered by label: GitHub silently drops the labels of a reporter without push access, so the first
  // report may carry none, and a label filter would miss it and file a duplicate.
  return (await api.paginate<Issue>('GET /repos/{owner}/{repo}/issues', { state: 'open' }, 500)).items;
}

/**
 * The open blocker this report belongs to: the one carrying the title's marker (its title may have been edited
 * since), else the same title with the wanted labels or with none (they were dropped); another label is another matter.
 */
function findBlocker(items: Issue[], { title, marker, wanted }: { title: string; marker: string; wanted: string[] }): Issue | undefined {
  const issues = items.filter((i) => !i.pull_request).sort((a, b) => a.number - b.number);
  const key = normalise(title);
  const labelsOf = (i: Issue) => i.labels.map((l) => (typeof l === 'string' ? l : l.name));
  return (
    issues.find((i) => i.body?.includes(marker)) ??
    issues.find((i) => normalise(i.title) === key && (labelsOf(i).length === 0 || wanted.every((l) => labelsOf(i).includes(l))))
  );
}

async function comment(api: GitHubApi, issue: Issue, body: string, action: string) {
  const posted = await api.rest<{ id: number; html_url: string }>(
    'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    { issue_number: issue.number, body },
    `Issue #${issue.number}`,
  );
  return {
    data: { number: issue.number, action: action.startsWith('commented') ? 'commented' : action, url: posted.html_url },
    text: `Blocker #${issue.number} was already open; ${action} there: ${posted.html_url}`,
  };
}

/** A hidden, stable mark of the blocker's title, the same whichever instance files it. */
export function blockerMarker(title: string): string {
  return `<!-- protolabs-blocker ${createHash('sha256').update(normalise(title)).digest('hex').slice(0, 16)} -->`;
}

function normalise(title: string): string {
  return title.replace(/\s+/g, ' ').trim().toLowerCase();
}
