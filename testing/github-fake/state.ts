// The in-memory GitHub the fake serves: one repository with its pulls, issues, checks, reviews and threads.
// Shapes follow GitHub's documented REST responses (trimmed to the fields a client reads).

export type CheckConclusion =
  | 'success'
  | 'failure'
  | 'neutral'
  | 'cancelled'
  | 'skipped'
  | 'timed_out'
  | 'action_required';

export interface FakeCheckRun {
  id: number;
  headSha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: CheckConclusion | null;
  required: boolean;
  /** `github-actions` for Actions jobs (their logs can be downloaded); any other slug for apps. */
  app: string;
  title: string | null;
  summary: string | null;
  /** The Actions job log (only for `github-actions` runs). */
  log?: string;
  startedAt: string;
  completedAt: string | null;
}

export interface FakeStatus {
  id: number;
  sha: string;
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  description: string | null;
  targetUrl: string | null;
  required: boolean;
  createdAt: string;
}

export interface FakePull {
  number: number;
  nodeId: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  merged: boolean;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  draft: boolean;
  headRef: string;
  headSha: string;
  baseRef: string;
  author: string;
  labels: string[];
  assignees: string[];
  requestedReviewers: string[];
  /** false = merge conflicts with the base. */
  mergeable: boolean;
  autoMerge: { method: string; enabledBy: string; enabledAt: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface FakeIssue {
  number: number;
  nodeId: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: string | null;
  author: string;
  labels: string[];
  assignees: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface FakeComment {
  id: number;
  issueNumber: number;
  author: string;
  body: string;
  createdAt: string;
}

export interface FakeReview {
  id: number;
  nodeId: string;
  pullNumber: number;
  author: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  body: string;
  commitId: string;
  submittedAt: string;
}

export interface FakeReviewComment {
  id: number;
  nodeId: string;
  pullNumber: number;
  threadId: string;
  reviewId: number | null;
  author: string;
  body: string;
  path: string;
  line: number | null;
  inReplyTo: number | null;
  createdAt: string;
}

export interface FakeThread {
  id: string;
  pullNumber: number;
  path: string;
  line: number | null;
  resolved: boolean;
  outdated: boolean;
  commentIds: number[];
}

export interface FakeState {
  owner: string;
  name: string;
  repoId: number;
  defaultBranch: string;
  /** The login the token belongs to. */
  viewer: string;
  /** Whether an approving review is required to merge (branch protection). */
  requireApproval: boolean;
  allowAutoMerge: boolean;
  branches: Map<string, string>;
  pulls: FakePull[];
  issues: FakeIssue[];
  comments: FakeComment[];
  checkRuns: FakeCheckRun[];
  statuses: FakeStatus[];
  reviews: FakeReview[];
  reviewComments: FakeReviewComment[];
  threads: FakeThread[];
  labels: Set<string>;
  nextNumber: number;
  nextId: number;
}

export function createState(options: {
  owner: string;
  name: string;
  defaultBranch: string;
  viewer: string;
  requireApproval: boolean;
  allowAutoMerge: boolean;
}): FakeState {
  return {
    ...options,
    repoId: 1296269,
    branches: new Map([[options.defaultBranch, fakeSha(options.defaultBranch)]]),
    pulls: [],
    issues: [],
    comments: [],
    checkRuns: [],
    statuses: [],
    reviews: [],
    reviewComments: [],
    threads: [],
    labels: new Set(['bug', 'blocker', 'enhancement']),
    nextNumber: 1,
    nextId: 1000,
  };
}

/** A deterministic 40-hex sha for a seed string. */
export function fakeSha(seed: string): string {
  let hash = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 40; round++) {
    for (const ch of `${seed}:${round}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += hash.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

export function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString('base64url')}`;
}

// ---- REST payloads (https://docs.github.com/en/rest) ----

export function userJson(base: string, login: string): Record<string, unknown> {
  const id = Math.abs(hashNumber(login));
  return {
    login,
    id,
    node_id: nodeId('U', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    url: `${base}/users/${login}`,
    html_url: `https://github.com/${login}`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
  };
}

function hashNumber(text: string): number {
  return Number.parseInt(fakeSha(text).slice(0, 7), 16);
}

export function labelJson(base: string, s: FakeState, name: string): Record<string, unknown> {
  const id = hashNumber(`label:${name}`);
  return {
    id,
    node_id: nodeId('LA', id),
    url: `${base}/repos/${s.owner}/${s.name}/labels/${encodeURIComponent(name)}`,
    name,
    color: 'd73a4a',
    default: name === 'bug',
    description: null,
  };
}

export function repoJson(base: string, s: FakeState): Record<string, unknown> {
  return {
    id: s.repoId,
    node_id: nodeId('R', s.repoId),
    name: s.name,
    full_name: `${s.owner}/${s.name}`,
    owner: userJson(base, s.owner),
    private: true,
    html_url: `https://github.com/${s.owner}/${s.name}`,
    url: `${base}/repos/${s.owner}/${s.name}`,
    default_branch: s.defaultBranch,
    allow_auto_merge: s.allowAutoMerge,
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
    delete_branch_on_merge: false,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
  };
}

export function pullJson(base: string, s: FakeState, p: FakePull): Record<string, unknown> {
  const repo = repoJson(base, s);
  const url = `${base}/repos/${s.owner}/${s.name}/pulls/${p.number}`;
  return {
    url,
    id: p.number + 1_000_000,
    node_id: p.nodeId,
    html_url: `https://github.com/${s.owner}/${s.name}/pull/${p.number}`,
    diff_url: `https://github.com/${s.owner}/${s.name}/pull/${p.number}.diff`,
    issue_url: `${base}/repos/${s.owner}/${s.name}/issues/${p.number}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user: userJson(base, p.author),
    body: p.body,
    labels: p.labels.map((l) => labelJson(base, s, l)),
    milestone: null,
    active_lock_reason: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    closed_at: p.state === 'closed' ? p.updatedAt : null,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommitSha,
    assignee: p.assignees[0] ? userJson(base, p.assignees[0]) : null,
    assignees: p.assignees.map((a) => userJson(base, a)),
    requested_reviewers: p.requestedReviewers.map((r) => userJson(base, r)),
    requested_teams: [],
    head: { label: `${s.owner}:${p.headRef}`, ref: p.headRef, sha: p.headSha, user: userJson(base, s.owner), repo },
    base: {
      label: `${s.owner}:${p.baseRef}`,
      ref: p.baseRef,
      sha: s.branches.get(p.baseRef) ?? fakeSha(p.baseRef),
      user: userJson(base, s.owner),
      repo,
    },
    author_association: 'MEMBER',
    auto_merge: p.autoMerge
      ? {
          enabled_by: userJson(base, p.autoMerge.enabledBy),
          merge_method: p.autoMerge.method,
          commit_title: null,
          commit_message: null,
        }
      : null,
    draft: p.draft,
    merged: p.merged,
    mergeable: p.state === 'open' ? p.mergeable : null,
    rebaseable: p.mergeable,
    mergeable_state: p.state === 'open' ? mergeStateStatus(s, p).toLowerCase() : 'unknown',
    merged_by: p.merged ? userJson(base, s.viewer) : null,
    comments: s.comments.filter((c) => c.issueNumber === p.number).length,
    review_comments: s.reviewComments.filter((c) => c.pullNumber === p.number).length,
    maintainer_can_modify: false,
    commits: 1,
    additions: 10,
    deletions: 2,
    changed_files: 1,
  };
}

export function issueJson(base: string, s: FakeState, i: FakeIssue): Record<string, unknown> {
  return {
    id: i.number + 2_000_000,
    node_id: i.nodeId,
    url: `${base}/repos/${s.owner}/${s.name}/issues/${i.number}`,
    repository_url: `${base}/repos/${s.owner}/${s.name}`,
    html_url: `https://github.com/${s.owner}/${s.name}/issues/${i.number}`,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason,
    title: i.title,
    body: i.body,
    user: userJson(base, i.author),
    labels: i.labels.map((l) => labelJson(base, s, l)),
    assignee: i.assignees[0] ? userJson(base, i.assignees[0]) : null,
    assignees: i.assignees.map((a) => userJson(base, a)),
    milestone: null,
    locked: false,
    comments: s.comments.filter((c) => c.issueNumber === i.number).length,
    closed_at: i.closedAt,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    author_association: 'MEMBER',
  };
}

/** Pulls appear in the issues API too, with a `pull_request` key, as on GitHub. */
export function pullAsIssueJson(base: string, s: FakeState, p: FakePull): Record<string, unknown> {
  const issue = issueJson(base, s, {
    number: p.number,
    nodeId: p.nodeId,
    title: p.title,
    body: p.body,
    state: p.state,
    stateReason: null,
    author: p.author,
    labels: p.labels,
    assignees: p.assignees,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    closedAt: p.state === 'closed' ? p.updatedAt : null,
  });
  return {
    ...issue,
    html_url: `https://github.com/${s.owner}/${s.name}/pull/${p.number}`,
    draft: p.draft,
    pull_request: {
      url: `${base}/repos/${s.owner}/${s.name}/pulls/${p.number}`,
      html_url: `https://github.com/${s.owner}/${s.name}/pull/${p.number}`,
      merged_at: p.mergedAt,
    },
  };
}

export function commentJson(base: string, s: FakeState, c: FakeComment): Record<string, unknown> {
  return {
    id: c.id,
    node_id: nodeId('IC', c.id),
    url: `${base}/repos/${s.owner}/${s.name}/issues/comments/${c.id}`,
    html_url: `https://github.com/${s.owner}/${s.name}/issues/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${base}/repos/${s.owner}/${s.name}/issues/${c.issueNumber}`,
    body: c.body,
    user: userJson(base, c.author),
    created_at: c.createdAt,
    updated_at: c.createdAt,
    author_association: 'MEMBER',
  };
}

export function reviewJson(base: string, s: FakeState, r: FakeReview): Record<string, unknown> {
  return {
    id: r.id,
    node_id: r.nodeId,
    user: userJson(base, r.author),
    body: r.body,
    state: r.state,
    html_url: `https://github.com/${s.owner}/${s.name}/pull/${r.pullNumber}#pullrequestreview-${r.id}`,
    pull_request_url: `${base}/repos/${s.owner}/${s.name}/pulls/${r.pullNumber}`,
    submitted_at: r.submittedAt,
    commit_id: r.commitId,
    author_association: 'MEMBER',
  };
}

export function reviewCommentJson(base: string, s: FakeState, c: FakeReviewComment): Record<string, unknown> {
  return {
    url: `${base}/repos/${s.owner}/${s.name}/pulls/comments/${c.id}`,
    pull_request_review_id: c.reviewId,
    id: c.id,
    node_id: c.nodeId,
    diff_hunk: '@@ -1,3 +1,4 @@',
    path: c.path,
    line: c.line,
    original_line: c.line,
    side: 'RIGHT',
    commit_id: s.pulls.find((p) => p.number === c.pullNumber)?.headSha ?? null,
    in_reply_to_id: c.inReplyTo ?? undefined,
    user: userJson(base, c.author),
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.createdAt,
    html_url: `https://github.com/${s.owner}/${s.name}/pull/${c.pullNumber}#discussion_r${c.id}`,
    pull_request_url: `${base}/repos/${s.owner}/${s.name}/pulls/${c.pullNumber}`,
    author_association: 'MEMBER',
  };
}

export function checkRunJson(base: string, s: FakeState, c: FakeCheckRun): Record<string, unknown> {
  const actions = c.app === 'github-actions';
  return {
    id: c.id,
    node_id: nodeId('CR', c.id),
    head_sha: c.headSha,
    external_id: '',
    url: `${base}/repos/${s.owner}/${s.name}/check-runs/${c.id}`,
    html_url: actions
      ? `https://github.com/${s.owner}/${s.name}/actions/runs/${c.id + 7}/job/${c.id}`
      : `https://github.com/${s.owner}/${s.name}/runs/${c.id}`,
    details_url: actions
      ? `https://github.com/${s.owner}/${s.name}/actions/runs/${c.id + 7}/job/${c.id}`
      : `https://ci.example.com/builds/${c.id}`,
    status: c.status,
    conclusion: c.conclusion,
    started_at: c.startedAt,
    completed_at: c.completedAt,
    output: {
      title: c.title,
      summary: c.summary,
      text: null,
      annotations_count: 0,
      annotations_url: `${base}/repos/${s.owner}/${s.name}/check-runs/${c.id}/annotations`,
    },
    name: c.name,
    check_suite: { id: c.id + 5 },
    app: { id: hashNumber(c.app), slug: c.app, node_id: nodeId('A', c.app), name: c.app },
    pull_requests: [],
  };
}

export function statusJson(base: string, s: FakeState, st: FakeStatus): Record<string, unknown> {
  return {
    url: `${base}/repos/${s.owner}/${s.name}/statuses/${st.sha}`,
    id: st.id,
    node_id: nodeId('SC', st.id),
    state: st.state,
    description: st.description,
    target_url: st.targetUrl,
    context: st.context,
    created_at: st.createdAt,
    updated_at: st.createdAt,
  };
}

// ---- merge gates, computed the way GitHub reports them ----

export function rollupState(s: FakeState, sha: string): 'SUCCESS' | 'FAILURE' | 'PENDING' | 'ERROR' | null {
  const checks = s.checkRuns.filter((c) => c.headSha === sha);
  const statuses = s.statuses.filter((st) => st.sha === sha);
  if (checks.length + statuses.length === 0) return null;
  if (checks.some((c) => isFailing(c)) || statuses.some((st) => st.state === 'failure' || st.state === 'error')) {
    return 'FAILURE';
  }
  if (checks.some((c) => c.status !== 'completed') || statuses.some((st) => st.state === 'pending')) return 'PENDING';
  return 'SUCCESS';
}

export function isFailing(c: FakeCheckRun): boolean {
  return c.status === 'completed' && ['failure', 'cancelled', 'timed_out', 'action_required'].includes(c.conclusion ?? '');
}

/** Latest non-COMMENTED review of each reviewer. */
export function latestOpinions(s: FakeState, pullNumber: number): FakeReview[] {
  const byAuthor = new Map<string, FakeReview>();
  for (const r of s.reviews.filter((r) => r.pullNumber === pullNumber)) {
    if (r.state === 'COMMENTED' || r.state === 'PENDING') continue;
    byAuthor.set(r.author, r);
  }
  return [...byAuthor.values()];
}

export function reviewDecision(s: FakeState, p: FakePull): 'APPROVED' | 'CHANGES_REQUESTED' | 'REVIEW_REQUIRED' | null {
  const opinions = latestOpinions(s, p.number);
  if (opinions.some((r) => r.state === 'CHANGES_REQUESTED')) return 'CHANGES_REQUESTED';
  if (opinions.some((r) => r.state === 'APPROVED')) return 'APPROVED';
  return s.requireApproval ? 'REVIEW_REQUIRED' : null;
}

/** Names of the required checks that fail or are still pending on the pull's head. */
export function requiredProblems(s: FakeState, p: FakePull): { failing: string[]; pending: string[] } {
  const failing: string[] = [];
  const pending: string[] = [];
  for (const c of s.checkRuns.filter((c) => c.headSha === p.headSha && c.required)) {
    if (c.status !== 'completed') pending.push(c.name);
    else if (isFailing(c)) failing.push(c.name);
  }
  for (const st of s.statuses.filter((st) => st.sha === p.headSha && st.required)) {
    if (st.state === 'pending') pending.push(st.context);
    else if (st.state !== 'success') failing.push(st.context);
  }
  return { failing, pending };
}

export function mergeStateStatus(s: FakeState, p: FakePull): string {
  if (p.draft) return 'DRAFT';
  if (!p.mergeable) return 'DIRTY';
  const required = requiredProblems(s, p);
  const decision = reviewDecision(s, p);
  if (required.failing.length + required.pending.length > 0) return 'BLOCKED';
  if (decision === 'CHANGES_REQUESTED' || decision === 'REVIEW_REQUIRED') return 'BLOCKED';
  const rollup = rollupState(s, p.headSha);
  if (rollup === 'FAILURE' || rollup === 'PENDING') return 'UNSTABLE';
  return 'CLEAN';
}
