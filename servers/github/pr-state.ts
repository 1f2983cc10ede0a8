import type { GitHubApi } from './client.js';
import { NotFoundError } from '../../shared/errors.js';

/**
 * Everything "is this PR ready?" needs in one GraphQL round trip (REST would take five or six, and has no
 * review decision, thread resolution or required-check flags).
 */
export const PR_STATE_QUERY = `query PullRequestState($owner:String!,$name:String!,$number:Int!){repository(owner:$owner,name:$name){pullRequest(number:$number){
id number title url state isDraft mergeable mergeStateStatus reviewDecision headRefName headRefOid baseRefName
autoMergeRequest{enabledAt mergeMethod}
isCrossRepository headRepository{nameWithOwner}
latestReviews(first:50){nodes{author{login} state submittedAt body}}
latestOpinionatedReviews(first:100){nodes{author{login} state}}
reviewThreads(first:100){totalCount nodes{id isResolved isOutdated path line
first:comments(first:1){totalCount nodes{fullDatabaseId author{login} body createdAt}}
last:comments(last:1){nodes{fullDatabaseId author{login} body createdAt}}}}
commits(last:1){nodes{commit{oid statusCheckRollup{state contexts(first:100){totalCount pageInfo{hasNextPage endCursor} nodes{__typename
...on CheckRun{databaseId name status conclusion isRequired(pullRequestNumber:$number)}
...on StatusContext{context state isRequired(pullRequestNumber:$number)}}}}}}}}}}`;

interface Author {
  login: string;
}
export interface ThreadComment {
  /** A BigInt as a string (`databaseId` is deprecated: it cannot hold 64-bit ids). */
  fullDatabaseId: string;
  author: Author | null;
  body: string;
  createdAt: string;
}
export interface ReviewThread {
  id: string;
  isResolved: boolean;
  isOutdated: boolean;
  path: string;
  line: number | null;
  first: { totalCount: number; nodes: ThreadComment[] };
  last: { nodes: ThreadComment[] };
}
type Context =
  | { __typename: 'CheckRun'; databaseId: number; name: string; status: string; conclusion: string | null; isRequired: boolean }
  | { __typename: 'StatusContext'; context: string; state: string; isRequired: boolean };

export interface PullRequestNode {
  id: string;
  number: number;
  title: string;
  url: string;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  isDraft: boolean;
  mergeable: 'MERGEABLE' | 'CONFLICTING' | 'UNKNOWN';
  mergeStateStatus: string;
  reviewDecision: 'APPROVED' | 'CHANGES_REQUESTED' | 'REVIEW_REQUIRED' | null;
  headRefName: string;
  headRefOid: string;
  baseRefName: string;
  autoMergeRequest: { enabledAt: string; mergeMethod: string } | null;
  isCrossRepository: boolean;
  /** null when the fork was deleted. */
  headRepository: { nameWithOwner: string } | null;
  latestReviews: { nodes: Array<{ author: Author | null; state: string; submittedAt: string | null; body: string }> };
  /** Each reviewer's latest approving or change-requesting review: what blocks, whether or not a rule applies. */
  latestOpinionatedReviews: { nodes: Array<{ author: Author | null; state: string }> };
  reviewThreads: { totalCount: number; nodes: ReviewThread[] };
  commits: {
    nodes: Array<{
      commit: {
        oid: string;
        statusCheckRollup: {
          state: string;
          contexts: { totalCount: number; pageInfo: { hasNextPage: boolean }; nodes: Context[] };
        } | null;
      };
    }>;
  };
}

export async function fetchPullRequest(api: GitHubApi, number: number): Promise<PullRequestNode> {
  const what = `PR #${number} in ${api.owner}/${api.repo}`;
  const data = await api.graphql<{ repository: { pullRequest: PullRequestNode | null } | null }>(
    PR_STATE_QUERY,
    { owner: api.owner, name: api.repo, number },
    what,
  );
  const pr = data.repository?.pullRequest;
  if (!pr) throw new NotFoundError(`${what} was not found or the token cannot see it.`);
  return pr;
}

const FAILED = new Set(['FAILURE', 'ERROR', 'TIMED_OUT', 'CANCELLED', 'ACTION_REQUIRED', 'STARTUP_FAILURE', 'STALE']);
const SKIPPED = new Set(['NEUTRAL', 'SKIPPED']);
const MAX_NAMES = 15;

export interface CheckRollup {
  total: number;
  passed: number;
  failed: number;
  pending: number;
  skipped: number;
  /** Failing checks, required ones first. */
  failing: Array<{ name: string; required: boolean }>;
  pendingNames: Array<{ name: string; required: boolean }>;
  requiredFailing: number;
  requiredPending: number;
  truncated?: true;
}

export function rollupChecks(pr: PullRequestNode): CheckRollup {
  const rollup = pr.commits.nodes[0]?.commit.statusCheckRollup;
  const out: CheckRollup = { total: 0, passed: 0, failed: 0, pending: 0, skipped: 0, failing: [], pendingNames: [], requiredFailing: 0, requiredPending: 0 };
  if (!rollup) return out;
  for (const c of rollup.contexts.nodes) {
    const name = c.__typename === 'CheckRun' ? c.name : c.context;
    const outcome =
      c.__typename === 'CheckRun'
        ? c.status !== 'COMPLETED' ? 'pending' : FAILED.has(c.conclusion ?? '') ? 'failed' : SKIPPED.has(c.conclusion ?? '') ? 'skipped' : 'passed'
        : c.state === 'PENDING' || c.state === 'EXPECTED' ? 'pending' : FAILED.has(c.state) ? 'failed' : 'passed';
    out.total++;
    out[outcome]++;
    if (outcome === 'failed') {
      out.failing.push({ name, required: c.isRequired });
      if (c.isRequired) out.requiredFailing++;
    }
    if (outcome === 'pending') {
      out.pendingNames.push({ name, required: c.isRequired });
      if (c.isRequired) out.requiredPending++;
    }
  }
  const requiredFirst = (a: { required: boolean }, b: { required: boolean }) => Number(b.required) - Number(a.required);
  out.failing = out.failing.sort(requiredFirst).slice(0, MAX_NAMES);
  out.pendingNames = out.pendingNames.sort(requiredFirst).slice(0, MAX_NAMES);
  if (rollup.contexts.pageInfo.hasNextPage) out.truncated = true;
  return out;
}

export interface PullRequestSummary {
  number: number;
  title: string;
  url: string;
  state: string;
  draft: boolean;
  mergeable: string;
  mergeState: string;
  head: string;
  headSha: string;
  base: string;
  reviewDecision: string | null;
  approvedBy: string[];
  changesRequestedBy: string[];
  checks: CheckRollup;
  unresolvedThreads: number;
  autoMerge: { method: string; since: string } | null;
  /** What stops a merge right now, one short phrase each; empty when it can merge. */
  blockers: string[];
  ready: boolean;
}

export function summarize(pr: PullRequestNode): PullRequestSummary {
  const checks = rollupChecks(pr);
  const latest = pr.latestOpinionatedReviews.nodes;
  const by = (state: string) => latest.filter((r) => r.state === state).map((r) => r.author?.login ?? 'ghost');
  const changesRequestedBy = by('CHANGES_REQUESTED');
  const unresolved = pr.reviewThreads.nodes.filter((t) => !t.isResolved).length;
  const blockers: string[] = [];
  if (pr.state !== 'OPEN') blockers.push(`PR is ${pr.state.toLowerCase()}`);
  else {
    if (pr.isDraft) blockers.push('draft');
    if (pr.mergeable === 'CONFLICTING') blockers.push('merge conflicts with the base branch');
    if (checks.requiredFailing > 0) blockers.push(`${checks.requiredFailing} required check(s) failing`);
    if (checks.requiredPending > 0) blockers.push(`${checks.requiredPending} required check(s) pending`);
    // reviewDecision is null when no review rule applies, yet a reviewer's request for changes still stands.
    if (pr.reviewDecision === 'CHANGES_REQUESTED' || changesRequestedBy.length > 0) blockers.push('changes requested');
    if (pr.reviewDecision === 'REVIEW_REQUIRED') blockers.push('approving review required');
    if (pr.mergeStateStatus === 'BEHIND') blockers.push('branch is behind its base');
    if (pr.mergeStateStatus === 'BLOCKED' && blockers.length === 0) blockers.push('blocked by branch protection');
  }
  return {
    number: pr.number,
    title: pr.title,
    url: pr.url,
    state: pr.state,
    draft: pr.isDraft,
    mergeable: pr.mergeable,
    mergeState: pr.mergeStateStatus,
    head: pr.headRefName,
    headSha: pr.headRefOid,
    base: pr.baseRefName,
    reviewDecision: pr.reviewDecision,
    approvedBy: by('APPROVED'),
    changesRequestedBy,
    checks,
    unresolvedThreads: unresolved,
    autoMerge: pr.autoMergeRequest ? { method: pr.autoMergeRequest.mergeMethod, since: pr.autoMergeRequest.enabledAt } : null,
    blockers,
    ready: blockers.length === 0,
  };
}

/** The concise rendering the model reads. */
export function renderSummary(s: PullRequestSummary): string {
  const c = s.checks;
  const names = (list: Array<{ name: string; required: boolean }>) =>
    list.map((x) => `${x.name}${x.required ? ' (required)' : ''}`).join(', ');
  const lines = [
    `PR #${s.number} ${s.state.toLowerCase()}${s.draft ? ' draft' : ''}: ${s.head} → ${s.base} @ ${s.headSha.slice(0, 12)}`,
    `merge: ${s.mergeState.toLowerCase()} (${s.mergeable.toLowerCase()}); review: ${s.reviewDecision?.toLowerCase() ?? 'none required'}${s.approvedBy.length ? `; approved by ${s.approvedBy.join(', ')}` : ''}${s.changesRequestedBy.length ? `; changes requested by ${s.changesRequestedBy.join(', ')}` : ''}`,
    `checks: ${c.passed} passed, ${c.failed} failed, ${c.pending} pending, ${c.skipped} skipped of ${c.total}${c.truncated ? ' (first 100 only)' : ''}`,
  ];
  if (c.failing.length) lines.push(`failing: ${names(c.failing)}`);
  if (c.pendingNames.length) lines.push(`pending: ${names(c.pendingNames)}`);
  lines.push(`unresolved threads: ${s.unresolvedThreads}; auto-merge: ${s.autoMerge ? s.autoMerge.method.toLowerCase() : 'off'}`);
  lines.push(s.ready ? 'ready to merge' : `blocked: ${s.blockers.join('; ')}`);
  return lines.join('\n');
}
