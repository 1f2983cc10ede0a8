import type { GitHubApi, GraphqlError } from './client.js';
import { NotFoundError } from '../../shared/errors.js';
import { untrusted, untrustedLabel, type UntrustedText } from '../../shared/untrusted.js';
import { toToolError } from './client.js';
import { actionsJobsFor } from './actions-jobs.js';

/** Check names come from workflow files a fork's author may write: one line, bounded. */
function line(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 100)}…` : flat;
}

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
reviewThreads(first:100){totalCount pageInfo{hasNextPage endCursor} nodes{id isResolved isOutdated path line
first:comments(first:1){totalCount nodes{fullDatabaseId author{login} body createdAt}}
last:comments(last:1){nodes{fullDatabaseId author{login} body createdAt}}}}
commits(last:1){nodes{commit{oid statusCheckRollup{state contexts(first:100){totalCount pageInfo{hasNextPage endCursor} nodes{__typename
...on CheckRun{databaseId name status conclusion isRequired(pullRequestNumber:$number)}
...on StatusContext{context state isRequired(pullRequestNumber:$number)}}}}}}}}}}`;

// The pages after the first 100 threads or checks (a call reads at most MAX_PAGES of each).
const MORE_THREADS = `query PullRequestThreads($owner:String!,$name:String!,$number:Int!,$after:String){repository(owner:$owner,name:$name){pullRequest(number:$number){
reviewThreads(first:100,after:$after){pageInfo{hasNextPage endCursor} nodes{id isResolved isOutdated path line
first:comments(first:1){totalCount nodes{fullDatabaseId author{login} body createdAt}}
last:comments(last:1){nodes{fullDatabaseId author{login} body createdAt}}}}}}}`;
const MORE_CHECKS = `query PullRequestChecks($owner:String!,$name:String!,$number:Int!,$after:String){repository(owner:$owner,name:$name){pullRequest(number:$number){
commits(last:1){nodes{commit{statusCheckRollup{contexts(first:100,after:$after){pageInfo{hasNextPage endCursor} nodes{__typename
...on CheckRun{databaseId name status conclusion isRequired(pullRequestNumber:$number)}
...on StatusContext{context state isRequired(pullRequestNumber:$number)}}}}}}}}}}`;
const MAX_PAGES = 10;

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
/** `requiredUnknown`: an Actions job read in place of a refused check run; whether it is required is unknown. */
export type Context =
  | {
      __typename: 'CheckRun';
      databaseId: number;
      name: string;
      status: string;
      conclusion: string | null;
      isRequired: boolean;
      requiredUnknown?: true;
    }
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
  reviewThreads: { totalCount: number; pageInfo?: { hasNextPage: boolean; endCursor: string | null }; nodes: ReviewThread[] };
  commits: {
    nodes: Array<{
      commit: {
        oid: string;
        statusCheckRollup: {
          state: string;
          contexts: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor?: string | null }; nodes: Array<Context | null> };
        } | null;
      };
    }>;
  };
  /** Check runs GitHub refused to this token (fine-grained tokens have no Checks permission) and no Actions job stood in for. */
  unreadableChecks?: number;
}

type PullData = { repository: { pullRequest: PullRequestNode | null } | null };

/**
 * The PR with all its review threads and checks (up to 1,000 each). Check runs GitHub refuses to this token are
 * replaced by the commit's Actions jobs, which a fine-grained token can read; the rest are counted as unreadable.
 */
export async function fetchPullRequest(api: GitHubApi, number: number): Promise<PullRequestNode> {
  const what = `PR #${number} in ${api.owner}/${api.repo}`;
  const vars = { owner: api.owner, name: api.repo, number };
  let refused = 0;
  const read = async (query: string, variables: Record<string, unknown>): Promise<PullRequestNode> => {
    const { data, errors } = await api.graphqlPartial<PullData>(query, variables, what);
    // Whether GitHub nulls each refused check run or the whole rollup, the rest of the answer stands.
    const forbiddenChecks = errors.filter((e) => e.type === 'FORBIDDEN' && e.path?.includes('statusCheckRollup'));
    const other = errors.filter((e) => !forbiddenChecks.includes(e));
    if (other.length > 0)
      throw toToolError(
        Object.assign(new Error(other[0]?.message ?? 'error'), { name: 'GraphqlResponseError', errors: other as GraphqlError[] }),
        what,
      );
    refused += forbiddenChecks.length;
    const pr = data.repository?.pullRequest;
    if (!pr) throw new NotFoundError(`${what} was not found or the token cannot see it.`);
    return pr;
  };
  const pr = await read(PR_STATE_QUERY, vars);
  let threads = pr.reviewThreads;
  for (let page = 1; threads.pageInfo?.hasNextPage && page < MAX_PAGES; page++) {
    const next = (await read(MORE_THREADS, { ...vars, after: threads.pageInfo.endCursor })).reviewThreads;
    pr.reviewThreads.nodes.push(...next.nodes);
    threads = next;
  }
  pr.reviewThreads.pageInfo = { hasNextPage: Boolean(threads.pageInfo?.hasNextPage), endCursor: null };
  const commit = pr.commits.nodes[0]?.commit;
  if (commit && !commit.statusCheckRollup && refused > 0) {
    commit.statusCheckRollup = { state: 'PENDING', contexts: { totalCount: 0, pageInfo: { hasNextPage: false }, nodes: [] } };
  }
  const rollup = commit?.statusCheckRollup;
  if (rollup) {
    let contexts = rollup.contexts;
    for (let page = 1; contexts.pageInfo.hasNextPage && page < MAX_PAGES; page++) {
      const next = (await read(MORE_CHECKS, { ...vars, after: contexts.pageInfo.endCursor })).commits.nodes[0]?.commit.statusCheckRollup
        ?.contexts;
      if (!next) break;
      rollup.contexts.nodes.push(...next.nodes);
      contexts = next;
    }
    rollup.contexts.pageInfo = { hasNextPage: contexts.pageInfo.hasNextPage };
    rollup.contexts.nodes = rollup.contexts.nodes.filter((n) => n !== null);
    if (refused > 0) {
      const jobs = await actionsJobsFor(api, pr.headRefOid);
      rollup.contexts.nodes.push(
        ...jobs.map(
          (j): Context => ({
            __typename: 'CheckRun',
            databaseId: j.id,
            name: j.name,
            status: j.status.toUpperCase(),
            conclusion: j.conclusion?.toUpperCase() ?? null,
            isRequired: false,
            requiredUnknown: true,
          }),
        ),
      );
      pr.unreadableChecks = Math.max(0, refused - jobs.length);
    }
  }
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
  /** Failing checks, required ones first; `requiredUnknown`: an Actions job read for a refused check run. */
  failing: Array<{ name: string; required: boolean; requiredUnknown?: true }>;
  pendingNames: Array<{ name: string; required: boolean; requiredUnknown?: true }>;
  requiredFailing: number;
  requiredPending: number;
  /** Check runs this token may not read (see PullRequestNode.unreadableChecks). */
  unreadable?: number;
  truncated?: true;
}

export function rollupChecks(pr: PullRequestNode): CheckRollup {
  const rollup = pr.commits.nodes[0]?.commit.statusCheckRollup;
  const out: CheckRollup = {
    total: 0,
    passed: 0,
    failed: 0,
    pending: 0,
    skipped: 0,
    failing: [],
    pendingNames: [],
    requiredFailing: 0,
    requiredPending: 0,
  };
  if (!rollup) return out;
  for (const c of rollup.contexts.nodes) {
    if (!c) continue;
    const name = line(c.__typename === 'CheckRun' ? c.name : c.context);
    // An Actions job whose required flag could not be read counts as required: a merge must not pass over it.
    const required = c.isRequired || (c.__typename === 'CheckRun' && c.requiredUnknown === true);
    const outcome =
      c.__typename === 'CheckRun'
        ? c.status !== 'COMPLETED'
          ? 'pending'
          : FAILED.has(c.conclusion ?? '')
            ? 'failed'
            : SKIPPED.has(c.conclusion ?? '')
              ? 'skipped'
              : 'passed'
        : c.state === 'PENDING' || c.state === 'EXPECTED'
          ? 'pending'
          : FAILED.has(c.state)
            ? 'failed'
            : 'passed';
    out.total++;
    out[outcome]++;
    const entry = { name, required: c.isRequired, ...(required && !c.isRequired ? { requiredUnknown: true as const } : {}) };
    if (outcome === 'failed') {
      out.failing.push(entry);
      if (required) out.requiredFailing++;
    }
    if (outcome === 'pending') {
      out.pendingNames.push(entry);
      if (required) out.requiredPending++;
    }
  }
  const requiredFirst = (a: { required: boolean }, b: { required: boolean }) => Number(b.required) - Number(a.required);
  out.failing = out.failing.sort(requiredFirst).slice(0, MAX_NAMES);
  out.pendingNames = out.pendingNames.sort(requiredFirst).slice(0, MAX_NAMES);
  if (rollup.contexts.pageInfo.hasNextPage) out.truncated = true;
  if (pr.unreadableChecks) out.unreadable = pr.unreadableChecks;
  return out;
}

export interface PullRequestSummary {
  number: number;
  /** Anyone who can open a PR (a fork's author) writes it. */
  title: UntrustedText;
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
    if (pr.mergeable === 'UNKNOWN' || pr.mergeStateStatus === 'UNKNOWN')
      blockers.push('mergeability is still being computed by GitHub (ask again in a few seconds)');
    if (pr.mergeStateStatus === 'BEHIND') blockers.push('branch is behind its base');
    if (pr.mergeStateStatus === 'BLOCKED' && blockers.length === 0)
      blockers.push('blocked by branch protection (a required check not reported yet, or another rule)');
  }
  return {
    number: pr.number,
    title: untrusted(pr.title, 256),
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
    // GitHub keeps the auto-merge request on a PR it merged; it means something only while the PR is open.
    autoMerge:
      pr.autoMergeRequest && pr.state === 'OPEN' ? { method: pr.autoMergeRequest.mergeMethod, since: pr.autoMergeRequest.enabledAt } : null,
    blockers,
    ready: blockers.length === 0,
  };
}

/** The concise rendering the model reads. */
export function renderSummary(s: PullRequestSummary): string {
  const c = s.checks;
  const names = (list: Array<{ name: string; required: boolean; requiredUnknown?: true }>) =>
    list.map((x) => `${untrustedLabel(x.name, 100)}${x.required ? ' (required)' : x.requiredUnknown ? ' (required?)' : ''}`).join(', ');
  const lines = [
    `PR #${s.number} ${s.state.toLowerCase()}${s.draft ? ' draft' : ''}: ${s.head} → ${s.base} @ ${s.headSha.slice(0, 12)}, title ${untrustedLabel(s.title.text, 120)}`,
    `merge: ${s.mergeState.toLowerCase()} (${s.mergeable.toLowerCase()}); review: ${s.reviewDecision?.toLowerCase() ?? 'none required'}${s.approvedBy.length ? `; approved by ${s.approvedBy.join(', ')}` : ''}${s.changesRequestedBy.length ? `; changes requested by ${s.changesRequestedBy.join(', ')}` : ''}`,
    `checks: ${c.passed} passed, ${c.failed} failed, ${c.pending} pending, ${c.skipped} skipped of ${c.total}${c.truncated ? ' (first 1000 only)' : ''}`,
  ];
  if (c.unreadable)
    lines.push(
      `${c.unreadable} check run(s) could not be read with this token (fine-grained tokens have no Checks permission; Actions jobs and statuses were read instead)`,
    );
  if (c.failing.length) lines.push(`failing: ${names(c.failing)}`);
  if (c.pendingNames.length) lines.push(`pending: ${names(c.pendingNames)}`);
  lines.push(`unresolved threads: ${s.unresolvedThreads}; auto-merge: ${s.autoMerge ? s.autoMerge.method.toLowerCase() : 'off'}`);
  lines.push(s.ready ? 'ready to merge' : `blocked: ${s.blockers.join('; ')}`);
  return lines.join('\n');
}
