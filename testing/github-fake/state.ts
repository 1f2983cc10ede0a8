// The in-memory GitHub the fake serves: one repository with its pulls, issues, checks, reviews and threads.
// Shapes follow GitHub's documented REST responses (trimmed to the fields a client reads).

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';

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
  /** false = merge conflicts with the base; null = GitHub is still computing it (UNKNOWN). */
  mergeable: boolean | null;
  /** The fork owner when the head branch lives in a fork (`isCrossRepository`). */
  headOwner?: string;
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

/** How a pull request is merged (REST merge_method; GraphQL mergeMethod in lower case). */
export type MergeMethod = 'merge' | 'squash' | 'rebase';

export interface FakeState {
  owner: string;
  name: string;
  repoId: number;
  defaultBranch: string;
  /** The login the token belongs to. */
  viewer: string;
  /** A classic token's scopes, sent as `x-oauth-scopes` on `GET /user`; null = a fine-grained token (no header). */
  scopes: string | null;
  /** Whether an approving review is required to merge (branch protection). */
  requireApproval: boolean;
  allowAutoMerge: boolean;
  /** Check names branch protection requires, reported or not. */
  requiredChecks: string[];
  /** The repository setting "Automatically delete head branches". */
  deleteBranchOnMerge: boolean;
  /** The merge methods the repository allows (allow_merge_commit, allow_squash_merge, allow_rebase_merge). */
  mergeMethods: MergeMethod[];
  /** Whether the token's user has push access: without it GitHub silently drops labels and assignees on new issues. */
  viewerCanPush: boolean;
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
  scopes: string | null;
  requireApproval: boolean;
  allowAutoMerge: boolean;
  requiredChecks?: string[];
  deleteBranchOnMerge?: boolean;
  mergeMethods?: MergeMethod[];
  viewerCanPush?: boolean;
}): FakeState {
  return {
    ...options,
    requiredChecks: options.requiredChecks ?? [],
    deleteBranchOnMerge: options.deleteBranchOnMerge ?? false,
    mergeMethods: options.mergeMethods ?? ['merge', 'squash', 'rebase'],
    viewerCanPush: options.viewerCanPush ?? true,
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

// The REST payloads and merge gates computed from this state live in rest-payloads.ts and merge-gates.ts;
// the gates are re-exported here for the GraphQL resolver.
export { isRequiredCheck, latestOpinions, mergeableState, mergeStateStatus, reviewDecision, rollupState } from './merge-gates.js';
