// REST routes of the fake, one entry per endpoint the github server calls, with GitHub's status codes and
// error bodies (https://docs.github.com/en/rest). Lists are paginated with absolute `Link` headers.
import { execFileSync } from 'node:child_process';
import type { FakePull, FakeState } from './state.js';
import {
  checkRunJson,
  commentJson,
  fakeSha,
  issueJson,
  nodeId,
  pullAsIssueJson,
  pullJson,
  repoJson,
  reviewCommentJson,
  reviewDecision,
  reviewJson,
  requiredProblems,
  statusJson,
} from './state.js';

export interface RouteContext {
  s: FakeState;
  /** `http://127.0.0.1:PORT/api/v3` */
  base: string;
  origin: string;
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** The bare repository branches are resolved in, when the fake was given one. */
  gitDir?: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Items to paginate (the body is then built from the requested page). */
  page?: { items: unknown[]; wrap?: (items: unknown[], total: number) => unknown };
}

type Handler = (c: RouteContext) => Reply;

const DOCS = 'https://docs.github.com/rest';
export const notFound = (): Reply => ({ status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } });
const invalid = (message: string, errors: unknown[] = []): Reply => ({
  status: 422,
  body: { message, errors, documentation_url: DOCS, status: '422' },
});
const now = () => new Date().toISOString();

function pullOf(c: RouteContext): FakePull | undefined {
  return c.s.pulls.find((p) => p.number === Number(c.params[0]));
}

function branchSha(c: RouteContext, branch: string): string | undefined {
  if (c.gitDir) {
    try {
      return execFileSync('git', ['--git-dir', c.gitDir, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return c.s.branches.get(branch);
    }
  }
  return c.s.branches.get(branch);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

const routes: Array<[string, RegExp, Handler]> = [
  ['GET', /^$/, (c) => ({ status: 200, body: repoJson(c.base, c.s) })],
  [
    'GET',
    /^\/branches\/(.+)$/,
    (c) => {
      const name = decodeURIComponent(c.params[0] ?? '');
      const sha = branchSha(c, name);
      return sha
        ? { status: 200, body: { name, commit: { sha, url: `${c.base}/repos/${c.s.owner}/${c.s.name}/commits/${sha}` }, protected: name === c.s.defaultBranch } }
        : { status: 404, body: { message: 'Branch not found', documentation_url: DOCS, status: '404' } };
    },
  ],
  [
    'GET',
    /^\/pulls$/,
    (c) => {
      const state = c.query.get('state') ?? 'open';
      const head = c.query.get('head');
      const base = c.query.get('base');
      const items = c.s.pulls
        .filter((p) => state === 'all' || p.state === state)
        .filter((p) => !head || head === `${c.s.owner}:${p.headRef}` || head === p.headRef)
        .filter((p) => !base || p.baseRef === base)
        .sort((a, b) => b.number - a.number)
        .map((p) => pullJson(c.base, c.s, p));
      return { status: 200, page: { items } };
    },
  ],
  [
    'POST',
    /^\/pulls$/,
    (c) => {
      const title = c.body.title;
      const headParam = String(c.body.head ?? '');
      const head = headParam.includes(':') ? headParam.split(':')[1] ?? '' : headParam;
      const base = String(c.body.base ?? '');
      if (typeof title !== 'string' || !title) return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'title', code: 'missing_field' }]);
      const sha = branchSha(c, head);
      if (!sha) return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
      if (!branchSha(c, base)) return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
      if (c.s.pulls.some((p) => p.state === 'open' && p.headRef === head)) {
        return invalid('Validation Failed', [
          { resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${c.s.owner}:${head}.` },
        ]);
      }
      const number = c.s.nextNumber++;
      const pull: FakePull = {
        number,
        nodeId: nodeId('PR', number),
        title,
        body: typeof c.body.body === 'string' ? c.body.body : null,
        state: 'open',
        merged: false,
        mergedAt: null,
        mergeCommitSha: null,
        draft: c.body.draft === true,
        headRef: head,
        headSha: sha,
        baseRef: base,
        author: c.s.viewer,
        labels: [],
        assignees: [],
        requestedReviewers: [],
        mergeable: true,
        autoMerge: null,
        createdAt: now(),
        updatedAt: now(),
      };
      c.s.branches.set(head, sha);
      c.s.pulls.push(pull);
      return { status: 201, body: pullJson(c.base, c.s, pull) };
    },
  ],
  ['GET', /^\/pulls\/(\d+)$/, (c) => { const p = pullOf(c); return p ? { status: 200, body: pullJson(c.base, c.s, p) } : notFound(); }],
  [
    'PATCH',
    /^\/pulls\/(\d+)$/,
    (c) => {
      const p = pullOf(c);
      if (!p) return notFound();
      if (typeof c.body.title === 'string') p.title = c.body.title;
      if (typeof c.body.body === 'string') p.body = c.body.body;
      if (typeof c.body.base === 'string') {
        if (!branchSha(c, c.body.base)) return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
        p.baseRef = c.body.base;
      }
      if (c.body.state === 'open' || c.body.state === 'closed') p.state = c.body.state;
      p.updatedAt = now();
      return { status: 200, body: pullJson(c.base, c.s, p) };
    },
  ],
  [
    'POST',
    /^\/pulls\/(\d+)\/requested_reviewers$/,
    (c) => {
      const p = pullOf(c);
      if (!p) return notFound();
      const reviewers = stringList(c.body.reviewers);
      if (reviewers.includes(p.author)) return invalid('Review cannot be requested from pull request author.');
      p.requestedReviewers = [...new Set([...p.requestedReviewers, ...reviewers])];
      return { status: 201, body: pullJson(c.base, c.s, p) };
    },
  ],
  [
    'GET',
    /^\/pulls\/(\d+)\/reviews$/,
    (c) => {
      const p = pullOf(c);
      if (!p) return notFound();
      return { status: 200, page: { items: c.s.reviews.filter((r) => r.pullNumber === p.number).map((r) => reviewJson(c.base, c.s, r)) } };
    },
  ],
  [
    'POST',
    /^\/pulls\/(\d+)\/reviews$/,
    (c) => {
      const p = pullOf(c);
      if (!p) return notFound();
      const event = String(c.body.event ?? 'PENDING');
      if (!['APPROVE', 'REQUEST_CHANGES', 'COMMENT'].includes(event)) return invalid('Validation Failed');
      if (p.author === c.s.viewer && event !== 'COMMENT') {
        const verb = event === 'APPROVE' ? 'approve' : 'request changes on';
        return invalid('Unprocessable Entity', [`Can not ${verb} your own pull request`]);
      }
      if (event !== 'APPROVE' && !c.body.body) return invalid('Unprocessable Entity', ['Body is required for this event']);
      const id = c.s.nextId++;
      const state = event === 'APPROVE' ? 'APPROVED' : event === 'REQUEST_CHANGES' ? 'CHANGES_REQUESTED' : 'COMMENTED';
      const review = { id, nodeId: nodeId('PRR', id), pullNumber: p.number, author: c.s.viewer, state, body: String(c.body.body ?? ''), commitId: p.headSha, submittedAt: now() } as const;
      c.s.reviews.push({ ...review });
      for (const raw of Array.isArray(c.body.comments) ? c.body.comments : []) {
        const comment = raw as { path?: string; line?: number; body?: string };
        addThreadComment(c.s, p.number, String(comment.path), comment.line ?? null, c.s.viewer, String(comment.body ?? ''), id);
      }
      return { status: 200, body: reviewJson(c.base, c.s, { ...review }) };
    },
  ],
  [
    'GET',
    /^\/pulls\/(\d+)\/comments$/,
    (c) => {
      const p = pullOf(c);
      if (!p) return notFound();
      return { status: 200, page: { items: c.s.reviewComments.filter((x) => x.pullNumber === p.number).map((x) => reviewCommentJson(c.base, c.s, x)) } };
    },
  ],
  [
    'POST',
    /^\/pulls\/(\d+)\/comments\/(\d+)\/replies$/,
    (c) => {
      const p = pullOf(c);
      const parent = c.s.reviewComments.find((x) => x.id === Number(c.params[1]) && x.pullNumber === p?.number);
      if (!p || !parent) return notFound();
      if (typeof c.body.body !== 'string' || !c.body.body) return invalid('Validation Failed', [{ resource: 'PullRequestReviewComment', field: 'body', code: 'missing_field' }]);
      const comment = addThreadComment(c.s, p.number, parent.path, parent.line, c.s.viewer, c.body.body, null, parent);
      return { status: 201, body: reviewCommentJson(c.base, c.s, comment) };
    },
  ],
  [
    'PUT',
    /^\/pulls\/(\d+)\/merge$/,
    (c) => {
      const p = pullOf(c);
      if (!p) return notFound();
      const refuse = (message: string, status = 405): Reply => ({ status, body: { message, documentation_url: DOCS, status: String(status) } });
      if (p.state !== 'open') return refuse('Pull Request is not mergeable');
      if (c.body.sha && c.body.sha !== p.headSha) return refuse('Head branch was modified. Review and try the merge again.', 409);
      if (p.draft) return refuse('Pull Request is still a draft');
      if (!p.mergeable) return refuse('Pull Request is not mergeable');
      const required = requiredProblems(c.s, p);
      if (required.failing[0]) return refuse(`Required status check "${required.failing[0]}" is failing.`);
      if (required.pending[0]) return refuse(`Required status check "${required.pending[0]}" is expected.`);
      const decision = reviewDecision(c.s, p);
      if (decision === 'REVIEW_REQUIRED') return refuse('At least 1 approving review is required by reviewers with write access.');
      if (decision === 'CHANGES_REQUESTED') return refuse('Changes must be made through a pull request.');
      const method = String(c.body.merge_method ?? 'merge');
      if (!['merge', 'squash', 'rebase'].includes(method)) return invalid('Validation Failed', [{ field: 'merge_method', code: 'invalid' }]);
      p.merged = true;
      p.state = 'closed';
      p.mergedAt = now();
      p.mergeCommitSha = fakeSha(`merge:${p.number}:${p.headSha}`);
      p.autoMerge = null;
      c.s.branches.set(p.baseRef, p.mergeCommitSha);
      return { status: 200, body: { sha: p.mergeCommitSha, merged: true, message: 'Pull Request successfully merged' } };
    },
  ],
  [
    'GET',
    /^\/commits\/([^/]+)\/check-runs$/,
    (c) => {
      const sha = resolveRef(c, decodeURIComponent(c.params[0] ?? ''));
      const items = c.s.checkRuns.filter((x) => x.headSha === sha).map((x) => checkRunJson(c.base, c.s, x));
      return { status: 200, page: { items, wrap: (check_runs, total_count) => ({ total_count, check_runs }) } };
    },
  ],
  [
    'GET',
    /^\/commits\/([^/]+)\/status$/,
    (c) => {
      const sha = resolveRef(c, decodeURIComponent(c.params[0] ?? ''));
      const statuses = c.s.statuses.filter((x) => x.sha === sha);
      const state = statuses.some((x) => x.state === 'failure' || x.state === 'error')
        ? 'failure'
        : statuses.length === 0 || statuses.some((x) => x.state === 'pending')
          ? 'pending'
          : 'success';
      return {
        status: 200,
        body: { state, sha, total_count: statuses.length, statuses: statuses.map((x) => statusJson(c.base, c.s, x)), repository: repoJson(c.base, c.s), commit_url: `${c.base}/repos/${c.s.owner}/${c.s.name}/commits/${sha}` },
      };
    },
  ],
  [
    'GET',
    /^\/actions\/jobs\/(\d+)\/logs$/,
    (c) => {
      const run = c.s.checkRuns.find((x) => x.id === Number(c.params[0]) && x.app === 'github-actions');
      if (!run || run.log === undefined) return notFound();
      return { status: 302, headers: { location: `${c.origin}/_blob/job-logs/${run.id}.txt?sig=fake` } };
    },
  ],
  [
    'GET',
    /^\/issues$/,
    (c) => {
      const state = c.query.get('state') ?? 'open';
      const labels = (c.query.get('labels') ?? '').split(',').filter(Boolean);
      const assignee = c.query.get('assignee');
      const creator = c.query.get('creator');
      const since = c.query.get('since');
      type Row = { number: number; state: string; labels: string[]; assignees: string[]; author: string; updatedAt: string; json: () => unknown };
      const rows: Row[] = [
        ...c.s.issues.map((i) => ({ ...i, json: () => issueJson(c.base, c.s, i) })),
        ...c.s.pulls.map((p) => ({ ...p, json: () => pullAsIssueJson(c.base, c.s, p) })),
      ];
      const items = rows
        .filter((r) => state === 'all' || r.state === state)
        .filter((r) => labels.every((l) => r.labels.includes(l)))
        .filter((r) => !assignee || (assignee === 'none' ? r.assignees.length === 0 : r.assignees.includes(assignee)))
        .filter((r) => !creator || r.author === creator)
        .filter((r) => !since || r.updatedAt >= since)
        .sort((a, b) => b.number - a.number)
        .map((r) => r.json());
      return { status: 200, page: { items } };
    },
  ],
  [
    'POST',
    /^\/issues$/,
    (c) => {
      if (typeof c.body.title !== 'string' || !c.body.title) return invalid('Validation Failed', [{ resource: 'Issue', field: 'title', code: 'missing_field' }]);
      const number = c.s.nextNumber++;
      const issue = {
        number,
        nodeId: nodeId('I', number),
        title: c.body.title,
        body: typeof c.body.body === 'string' ? c.body.body : null,
        state: 'open' as const,
        stateReason: null,
        author: c.s.viewer,
        labels: stringList(c.body.labels),
        assignees: stringList(c.body.assignees),
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
          target.stateReason = c.body.state === 'closed' ? String(c.body.state_reason ?? 'completed') : c.body.state_reason === 'reopened' ? 'reopened' : null;
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
      const items = c.s.comments.filter((x) => x.issueNumber === n && (!since || x.createdAt >= since)).map((x) => commentJson(c.base, c.s, x));
      return { status: 200, page: { items } };
    },
  ],
  [
    'POST',
    /^\/issues\/(\d+)\/comments$/,
    (c) => {
      const n = Number(c.params[0]);
      if (!issueExists(c.s, n)) return notFound();
      if (typeof c.body.body !== 'string' || !c.body.body) return invalid('Validation Failed', [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }]);
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
      return { status: 200, body: target.labels.map((l) => ({ name: l })) };
    },
  ],
  [
    'DELETE',
    /^\/git\/refs\/(.+)$/,
    (c) => {
      const ref = decodeURIComponent(c.params[0] ?? '');
      const branch = ref.replace(/^heads\//, '');
      if (!ref.startsWith('heads/') || !c.s.branches.has(branch)) return invalid('Reference does not exist');
      c.s.branches.delete(branch);
      return { status: 204 };
    },
  ],
];

function issueExists(s: FakeState, n: number): boolean {
  return s.issues.some((i) => i.number === n) || s.pulls.some((p) => p.number === n);
}

function resolveRef(c: RouteContext, ref: string): string {
  return /^[0-9a-f]{40}$/.test(ref) ? ref : (branchSha(c, ref) ?? ref);
}

/** Routes `/repos/{owner}/{repo}/…` requests; everything else (and other repositories) is a 404. */
export function routeRest(method: string, path: string, c: Omit<RouteContext, 'params'>): Reply {
  const match = /^\/repos\/([^/]+)\/([^/]+)(.*)$/.exec(path);
  if (!match || match[1] !== c.s.owner || match[2] !== c.s.name) return notFound();
  const rest = match[3] ?? '';
  for (const [m, pattern, handler] of routes) {
    if (m !== method) continue;
    const found = pattern.exec(rest);
    if (found) return handler({ ...c, params: found.slice(1) });
  }
  return notFound();
}

export function addThreadComment(
  s: FakeState,
  pullNumber: number,
  path: string,
  line: number | null,
  author: string,
  body: string,
  reviewId: number | null,
  parent?: { id: number; threadId: string },
) {
  const id = s.nextId++;
  let threadId = parent?.threadId;
  if (!threadId) {
    threadId = nodeId('PRRT', id);
    s.threads.push({ id: threadId, pullNumber, path, line, resolved: false, outdated: false, commentIds: [] });
  }
  const comment = { id, nodeId: nodeId('PRRC', id), pullNumber, threadId, reviewId, author, body, path, line, inReplyTo: parent?.id ?? null, createdAt: now() };
  s.reviewComments.push(comment);
  s.threads.find((t) => t.id === threadId)?.commentIds.push(id);
  return comment;
}
