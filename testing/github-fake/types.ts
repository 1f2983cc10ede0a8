// The GitHub fake's public shape: how it is started, what it records, and what a test can do with it.
import type { RecordedBase } from '../fake-kit/index.js';
import type { FakeCheckRun, FakeIssue, FakePull, FakeReview, FakeState, FakeStatus, FakeThread, MergeMethod } from './state.js';

export interface GitHubFakeOptions {
  owner?: string;
  name?: string;
  defaultBranch?: string;
  /** The token clients must send (`Authorization: token …` or `Bearer …`). */
  token?: string;
  /** The login the token belongs to. */
  viewer?: string;
  /** The classic token's scopes (`x-oauth-scopes`), default `repo, workflow`; null = a fine-grained token. Change at run time via `state.scopes`. */
  scopes?: string | null;
  /** Whether branch protection requires an approving review. */
  requireApproval?: boolean;
  allowAutoMerge?: boolean;
  /** Check names branch protection requires (a required check not yet reported blocks the merge, as on GitHub). */
  requiredChecks?: string[];
  /** The repository setting "Automatically delete head branches" (GitHub deletes the head branch on merge). */
  deleteBranchOnMerge?: boolean;
  /** The merge methods the repository allows (default all three); another is refused as GitHub does (REST 405, GraphQL). */
  mergeMethods?: MergeMethod[];
  /** false: the token's user lacks push access, and GitHub silently drops labels and assignees on new issues. */
  viewerCanPush?: boolean;
  /** Skip checking requests against GitHub's descriptions (only the fake's own tests of invalid requests). */
  acceptInvalidRequests?: boolean;
  /** A bare git repository whose branches back the API's branches (like GitHub's own storage). */
  gitDir?: string;
}

export interface RecordedRequest extends RecordedBase {
  /** Path without the `/api/v3` prefix (`/graphql` for GraphQL). */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The GraphQL operation name, for GraphQL requests. */
  operation?: string;
  /** The HTTP status the fake answered. */
  status: number;
  /** Which server answered: the API, or the blob host job logs redirect to (another origin, as on GitHub). */
  host: 'api' | 'blob';
}

export interface GitHubFake {
  /** `http://127.0.0.1:PORT/api/v3` — use as GITHUB_API_URL. */
  url: string;
  token: string;
  state: FakeState;
  requests: RecordedRequest[];
  /** Requests that break GitHub's OpenAPI description or GraphQL schema; `close()` rejects while any exist. */
  violations: string[];
  /** Closes both servers; rejects with the violations, so an invalid request fails the test that sent it. */
  /** Forgets recorded requests, violations and scripted faults (the repository state stays). */
  reset(): void;
  close(): Promise<void>;
  /** `mergeable: null` is GitHub still computing mergeability; `headOwner` makes it a PR from a fork. */
  addPull(pull: {
    head: string;
    base?: string;
    title?: string;
    body?: string;
    draft?: boolean;
    author?: string;
    sha?: string;
    mergeable?: boolean | null;
    labels?: string[];
    headOwner?: string;
  }): FakePull;
  /** GitHub's auto-merge firing: merges the PR (its auto-merge request stays on the merged PR, as GitHub shows it). */
  completeAutoMerge(pull: FakePull): void;
  addCheckRun(check: {
    sha: string;
    name: string;
    status?: FakeCheckRun['status'];
    conclusion?: FakeCheckRun['conclusion'];
    required?: boolean;
    app?: string;
    title?: string;
    summary?: string;
    log?: string;
  }): FakeCheckRun;
  addStatus(status: {
    sha: string;
    context: string;
    state: FakeStatus['state'];
    required?: boolean;
    description?: string;
    targetUrl?: string;
  }): FakeStatus;
  addReview(review: { pull: number; author: string; state: FakeReview['state']; body?: string }): FakeReview;
  addThread(thread: {
    pull: number;
    path: string;
    line?: number;
    comments: Array<{ author: string; body: string }>;
    resolved?: boolean;
    outdated?: boolean;
  }): FakeThread;
  addComment(comment: { issue: number; author: string; body: string; createdAt?: string }): void;
  addIssue(issue: {
    title: string;
    body?: string;
    labels?: string[];
    state?: 'open' | 'closed';
    author?: string;
    assignees?: string[];
  }): FakeIssue;
  /**
   * The next `count` requests answer with GitHub's rate-limit response. primary: 403/429 with `x-ratelimit-*`;
   * secondary: retry-after (and the primary window's headers, which GitHub sends on every answer); graphql: the
   * documented GraphQL form, HTTP 200 with `errors[].type = RATE_LIMITED`.
   */
  rateLimit(options?: { count?: number; kind?: 'primary' | 'secondary' | 'graphql'; status?: 403 | 429; resetInSeconds?: number }): void;
  /**
   * The next `count` requests fail with `status` (default 500). 403 with `permission` adds GitHub's
   * accepted-permissions header; `sso` answers as an organization enforcing SAML SSO the token is not authorized for.
   */
  fail(options?: { count?: number; status?: number; message?: string; permission?: string; sso?: boolean }): void;
  /** Called after each request is answered (tests use it to change state while a client polls). */
  onRequest(listener: (request: RecordedRequest) => void): void;
}
