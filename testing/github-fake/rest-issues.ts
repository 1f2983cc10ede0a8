// REST routes for issues (pulls included, as on GitHub): list with filters, open, read, edit, comments, labels.
import type { FakeState } from './state.js';
import { nodeId } from './state.js';
import { commentJson, issueJson, labelJson, pullAsIssueJson } from './rest-payloads.js';
import { invalid, notFound, now, stringList, type Handler } from './rest-context.js';

export const ISSUE_ROUTES: Array<[string, RegExp, Handler]> = [
  [
    'GET',
    /^\/issues$/,
    (c) => {
      const state = c.query.get('state') ?? 'open';
      const labels = (c.query.get('labels') ?? '').split(',').filter(Boolean);
      const assignee = c.query.get('assignee');
      const creator = c.query.get('creator');
      const since = c.query.get('since');
      type Row = {
        number: number;
        state: string;
        labels: string[];
        assignees: string[];
        author: string;
        updatedAt: string;
        json: () => unknown;
      };
      const rows: Row[] = [
        ...c.s.issues.map((i) => ({ ...i, json: () => issueJson(c.base, c.s, i) })),
        ...c.s.pulls.map((p) => ({ ...p, json: () => pullAsIssueJson(c.base, c.s, p) })),
      ];
      const items = rows
        .filter((r) => state === 'all' || r.state === state)
        .filter((r) => labels.every((l) => r.labels.includes(l)))
        .filter((r) => !assignee || (assignee === 'none' ? r.assignees.length === 0 : r.assignees.includes(assignee)))
        .filter((r) => !creator || r.author === creator)
        .filter((r) => !since || Date.parse(r.updatedAt) >= Date.parse(since))
        .sort((a, b) => b.number - a.number)
        .map((r) => r.json());
      return { status: 200, page: { items } };
    },
  ],
  [
    'POST',
    /^\/issues$/,
    (c) => {
      if (typeof c.body.title !== 'string' || !c.body.title)
        return invalid('Validation Failed', [{ resource: 'Issue', field: 'title', code: 'missing_field' }]);
      const number = c.s.nextNumber++;
      const issue = {
        number,
        nodeId: nodeId('I', number),
        title: c.body.title,
        body: typeof c.body.body === 'string' ? c.body.body : null,
        state: 'open' as const,
        stateReason: null,
        author: c.s.viewer,
        // Without push access GitHub creates the issue but silently drops labels and assignees.
        labels: c.s.viewerCanPush ? stringList(c.body.labels) : [],
        assignees: c.s.viewerCanPush ? stringList(c.body.assignees) : [],
        createdAt: now(),
        updatedAt: now(),
        closedAt: null,
      };
      for (const l of issue.labels) c.s.labels.add(l);
      c.s.issues.push(issue);
      return { status: 201, body: issueJson(c.base, c.s, issue) };
    },
  ],
  [
    'GET',
    /^\/issues\/(\d+)$/,
    (c) => {
      const n = Number(c.params[0]);
      const issue = c.s.issues.find((i) => i.number === n);
      if (issue) return { status: 200, body: issueJson(c.base, c.s, issue) };
      const pull = c.s.pulls.find((p) => p.number === n);
      return pull ? { status: 200, body: pullAsIssueJson(c.base, c.s, pull) } : notFound();
    },
  ],
  [
    'PATCH',
    /^\/issues\/(\d+)$/,
    (c) => {
      const n = Number(c.params[0]);
      const target = c.s.issues.find((i) => i.number === n) ?? c.s.pulls.find((p) => p.number === n);
      if (!target) return notFound();
      if (c.body.state === 'open' || c.body.state === 'closed') {
        target.state = c.body.state;
        if ('stateReason' in target) {
          target.stateReason =
            c.body.state === 'closed' ? String(c.body.state_reason ?? 'completed') : c.body.state_reason === 'reopened' ? 'reopened' : null;
          target.closedAt = c.body.state === 'closed' ? now() : null;
        }
      }
      if (Array.isArray(c.body.labels)) target.labels = stringList(c.body.labels);
      if (Array.isArray(c.body.assignees)) target.assignees = stringList(c.body.assignees);
      if (typeof c.body.title === 'string') target.title = c.body.title;
      target.updatedAt = now();
      return { status: 200, body: 'headRef' in target ? pullAsIssueJson(c.base, c.s, target) : issueJson(c.base, c.s, target) };
    },
  ],
  [
    'GET',
    /^\/issues\/(\d+)\/comments$/,
    (c) => {
      const n = Number(c.params[0]);
      if (!issueExists(c.s, n)) return notFound();
      const since = c.query.get('since');
      const items = c.s.comments
        .filter((x) => x.issueNumber === n && (!since || Date.parse(x.createdAt) >= Date.parse(since)))
        .map((x) => commentJson(c.base, c.s, x));
      return { status: 200, page: { items } };
    },
  ],
  [
    'POST',
    /^\/issues\/(\d+)\/comments$/,
    (c) => {
      const n = Number(c.params[0]);
      if (!issueExists(c.s, n)) return notFound();
      if (typeof c.body.body !== 'string' || !c.body.body)
        return invalid('Validation Failed', [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }]);
      const comment = { id: c.s.nextId++, issueNumber: n, author: c.s.viewer, body: c.body.body, createdAt: now() };
      c.s.comments.push(comment);
      return { status: 201, body: commentJson(c.base, c.s, comment) };
    },
  ],
  [
    'PUT',
    /^\/issues\/(\d+)\/labels$/,
    (c) => {
      const n = Number(c.params[0]);
      const target = c.s.issues.find((i) => i.number === n) ?? c.s.pulls.find((p) => p.number === n);
      if (!target) return notFound();
      target.labels = stringList(c.body.labels);
      return { status: 200, body: target.labels.map((l) => labelJson(c.base, c.s, l)) };
    },
  ],
];

function issueExists(s: FakeState, n: number): boolean {
  return s.issues.some((i) => i.number === n) || s.pulls.some((p) => p.number === n);
}
