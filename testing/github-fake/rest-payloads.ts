// REST payloads (https://docs.github.com/en/rest) built from the fake's state: users, labels, the repository,
// pulls, issues, comments, reviews, review comments, check runs and statuses (trimmed to what a client reads).
import type { FakeCheckRun, FakeComment, FakeIssue, FakePull, FakeReview, FakeReviewComment, FakeState, FakeStatus } from './state.js';
import { fakeSha, nodeId } from './state.js';
import { mergeStateStatus } from './merge-gates.js';

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
