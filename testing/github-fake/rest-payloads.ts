// REST payloads (https://docs.github.com/en/rest) built from the fake's state: users, labels, the repository,
// pulls, issues, comments, reviews and review comments (check runs, statuses and Actions: rest-payloads-checks.ts).
import type { FakeComment, FakeIssue, FakePull, FakeReview, FakeReviewComment, FakeState } from './state.js';
import { fakeSha, nodeId } from './state.js';
import { mergeStateStatus } from './merge-gates.js';

export function userJson(base: string, login: string): Record<string, unknown> {
  const id = Math.abs(hashNumber(login));
  const url = `${base}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId('U', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `https://github.com/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
  };
}

export function hashNumber(text: string): number {
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
    description: '',
  };
}

// GitHub's URL templates of a repository, relative to its API URL.
const REPO_URLS: Record<string, string> = {
  archive_url: '/{archive_format}{/ref}',
  assignees_url: '/assignees{/user}',
  blobs_url: '/git/blobs{/sha}',
  branches_url: '/branches{/branch}',
  collaborators_url: '/collaborators{/collaborator}',
  comments_url: '/comments{/number}',
  commits_url: '/commits{/sha}',
  compare_url: '/compare/{base}...{head}',
  contents_url: '/contents/{+path}',
  contributors_url: '/contributors',
  deployments_url: '/deployments',
  downloads_url: '/downloads',
  events_url: '/events',
  forks_url: '/forks',
  git_commits_url: '/git/commits{/sha}',
  git_refs_url: '/git/refs{/sha}',
  git_tags_url: '/git/tags{/sha}',
  hooks_url: '/hooks',
  issue_comment_url: '/issues/comments{/number}',
  issue_events_url: '/issues/events{/number}',
  issues_url: '/issues{/number}',
  keys_url: '/keys{/key_id}',
  labels_url: '/labels{/name}',
  languages_url: '/languages',
  merges_url: '/merges',
  milestones_url: '/milestones{/number}',
  notifications_url: '/notifications{?since,all,participating}',
  pulls_url: '/pulls{/number}',
  releases_url: '/releases{/id}',
  stargazers_url: '/stargazers',
  statuses_url: '/statuses/{sha}',
  subscribers_url: '/subscribers',
  subscription_url: '/subscription',
  tags_url: '/tags',
  teams_url: '/teams',
  trees_url: '/git/trees{/sha}',
};

export function repoJson(base: string, s: FakeState): Record<string, unknown> {
  const url = `${base}/repos/${s.owner}/${s.name}`;
  const created = '2024-01-01T00:00:00Z';
  const openIssues = s.issues.filter((i) => i.state === 'open').length + s.pulls.filter((p) => p.state === 'open').length;
  return {
    id: s.repoId,
    node_id: nodeId('R', s.repoId),
    name: s.name,
    full_name: `${s.owner}/${s.name}`,
    owner: userJson(base, s.owner),
    private: true,
    visibility: 'private',
    html_url: `https://github.com/${s.owner}/${s.name}`,
    description: null,
    fork: false,
    url,
    ...Object.fromEntries(Object.entries(REPO_URLS).map(([key, suffix]) => [key, `${url}${suffix}`])),
    git_url: `git://github.com/${s.owner}/${s.name}.git`,
    ssh_url: `git@github.com:${s.owner}/${s.name}.git`,
    clone_url: `https://github.com/${s.owner}/${s.name}.git`,
    svn_url: `https://github.com/${s.owner}/${s.name}`,
    mirror_url: null,
    homepage: null,
    language: 'TypeScript',
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 128,
    open_issues: openIssues,
    open_issues_count: openIssues,
    default_branch: s.defaultBranch,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: created,
    created_at: created,
    updated_at: created,
    allow_auto_merge: s.allowAutoMerge,
    allow_merge_commit: s.mergeMethods.includes('merge'),
    allow_squash_merge: s.mergeMethods.includes('squash'),
    allow_rebase_merge: s.mergeMethods.includes('rebase'),
    delete_branch_on_merge: s.deleteBranchOnMerge,
    permissions: { admin: false, maintain: false, push: s.viewerCanPush, triage: true, pull: true },
  };
}

/** `GET /repos/{owner}/{repo}` answers the full repository: the list form plus network and subscriber counts. */
export function fullRepoJson(base: string, s: FakeState): Record<string, unknown> {
  return { ...repoJson(base, s), network_count: 0, subscribers_count: 1 };
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
    patch_url: `https://github.com/${s.owner}/${s.name}/pull/${p.number}.patch`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${base}/repos/${s.owner}/${s.name}/pulls/comments{/number}`,
    comments_url: `${base}/repos/${s.owner}/${s.name}/issues/${p.number}/comments`,
    statuses_url: `${base}/repos/${s.owner}/${s.name}/statuses/${p.headSha}`,
    _links: {
      self: { href: url },
      html: { href: `https://github.com/${s.owner}/${s.name}/pull/${p.number}` },
      issue: { href: `${base}/repos/${s.owner}/${s.name}/issues/${p.number}` },
      comments: { href: `${base}/repos/${s.owner}/${s.name}/issues/${p.number}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${base}/repos/${s.owner}/${s.name}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${base}/repos/${s.owner}/${s.name}/statuses/${p.headSha}` },
    },
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
    labels_url: `${base}/repos/${s.owner}/${s.name}/issues/${i.number}/labels{/name}`,
    comments_url: `${base}/repos/${s.owner}/${s.name}/issues/${i.number}/comments`,
    events_url: `${base}/repos/${s.owner}/${s.name}/issues/${i.number}/events`,
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
      diff_url: `https://github.com/${s.owner}/${s.name}/pull/${p.number}.diff`,
      patch_url: `https://github.com/${s.owner}/${s.name}/pull/${p.number}.patch`,
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
    _links: {
      html: { href: `https://github.com/${s.owner}/${s.name}/pull/${r.pullNumber}#pullrequestreview-${r.id}` },
      pull_request: { href: `${base}/repos/${s.owner}/${s.name}/pulls/${r.pullNumber}` },
    },
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
    commit_id: s.pulls.find((p) => p.number === c.pullNumber)?.headSha ?? fakeSha('none'),
    original_commit_id: s.pulls.find((p) => p.number === c.pullNumber)?.headSha ?? fakeSha('none'),
    in_reply_to_id: c.inReplyTo ?? undefined,
    user: userJson(base, c.author),
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.createdAt,
    html_url: `https://github.com/${s.owner}/${s.name}/pull/${c.pullNumber}#discussion_r${c.id}`,
    pull_request_url: `${base}/repos/${s.owner}/${s.name}/pulls/${c.pullNumber}`,
    author_association: 'MEMBER',
    _links: {
      self: { href: `${base}/repos/${s.owner}/${s.name}/pulls/comments/${c.id}` },
      html: { href: `https://github.com/${s.owner}/${s.name}/pull/${c.pullNumber}#discussion_r${c.id}` },
      pull_request: { href: `${base}/repos/${s.owner}/${s.name}/pulls/${c.pullNumber}` },
    },
  };
}
