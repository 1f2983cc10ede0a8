// GraphQL of the fake: each document is checked against GitHub's schema (spec-graphql.ts), then executed with
// graphql-js against that same schema over resolvers built from the fake's state. The answer therefore has
// exactly the shape the query asked for, enum values and nullability are GitHub's, and connections page as
// GitHub's do (first/last up to 100, cursors). Errors carry GitHub's `type` (NOT_FOUND, FORBIDDEN, UNPROCESSABLE).
import type { GraphQLError } from 'graphql';
import { checkGraphQLRequest } from './spec-graphql.js';
import type { FakeCheckRun, FakePull, FakeReviewComment, FakeState, FakeStatus, FakeThread, MergeMethod } from './state.js';
import { isRequiredCheck, latestOpinions, mergeStateStatus, mergeableState, reviewDecision, rollupState } from './state.js';

export interface GraphQLResult {
  data?: unknown;
  errors?: Array<{ type?: string; message: string; path?: Array<string | number>; locations?: unknown }>;
}

export interface GraphQLAnswer {
  result: GraphQLResult;
  /** Ways the request departs from GitHub's schema (empty when valid). */
  problems: string[];
  operation?: string;
}

class TypedError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export async function runGraphQL(s: FakeState, query: unknown, variables: unknown): Promise<GraphQLAnswer> {
  const checked = await checkGraphQLRequest(query, variables);
  const operation = checked.operation?.name?.value;
  if (checked.problems.length > 0 || !checked.graphql || !checked.schema || !checked.document) {
    return {
      problems: checked.problems,
      result: { errors: checked.problems.map((message) => ({ message })) },
      ...(operation ? { operation } : {}),
    };
  }
  const executed = await checked.graphql.execute({
    schema: checked.schema,
    document: checked.document,
    rootValue: checked.operation?.operation === 'mutation' ? mutations(s) : queries(s),
    variableValues: (variables ?? {}) as Record<string, unknown>,
  });
  const result: GraphQLResult = { ...(executed.data !== undefined ? { data: executed.data } : {}) };
  if (executed.errors?.length) result.errors = executed.errors.map(githubError);
  // A resolver bug (a field the fake does not model) must not pass as GitHub's answer.
  const gaps = (executed.errors ?? [])
    .filter((e) => !(e.originalError instanceof TypedError))
    .map((e) => `fake GitHub cannot answer ${e.path?.join('.') ?? ''}: ${e.message}`);
  return { problems: gaps, result, ...(operation ? { operation } : {}) };
}

function githubError(e: GraphQLError): NonNullable<GraphQLResult['errors']>[number] {
  const type = e.originalError instanceof TypedError ? e.originalError.type : undefined;
  return {
    ...(type ? { type } : {}),
    message: e.message,
    ...(e.path ? { path: [...e.path] } : {}),
    ...(e.locations ? { locations: e.locations } : {}),
  };
}

type Args = { first?: number | null; last?: number | null; after?: string | null; before?: string | null };

/** A GitHub connection over `items`: first/last (≤ 100, one required), after/before cursors. */
export function connection<T>(items: T[], args: Args) {
  const { first, last } = args;
  if (first == null && last == null)
    throw new TypedError(
      'MISSING_PAGINATION_BOUNDARIES',
      'You must provide a `first` or `last` value to properly paginate the connection.',
    );
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value != null && (value < 0 || value > 100))
      throw new TypedError(
        'EXCESSIVE_PAGINATION',
        `Requesting ${value} records on the connection exceeds the \`${name}\` limit of 100 records.`,
      );
  }
  let start = args.after ? cursorIndex(args.after) + 1 : 0;
  let end = args.before ? cursorIndex(args.before) : items.length;
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);
  const slice = items.slice(start, end).map((node, i) => ({ node, cursor: cursorOf(start + i) }));
  return {
    totalCount: items.length,
    nodes: slice.map((e) => e.node),
    edges: slice,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice[0]?.cursor ?? null,
      endCursor: slice.at(-1)?.cursor ?? null,
    },
  };
}

const cursorOf = (index: number) => Buffer.from(`cursor:v2:${index}`).toString('base64');
function cursorIndex(cursor: string): number {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match) throw new TypedError('INVALID_CURSOR_ARGUMENTS', `\`${cursor}\` does not appear to be a valid cursor.`);
  return Number(match[1]);
}

const actor = (login: string) => ({ __typename: login.endsWith('[bot]') ? 'Bot' : 'User', login });
const notFound = (message: string) => new TypedError('NOT_FOUND', message);

function queries(s: FakeState) {
  return {
    viewer: () => actor(s.viewer),
    repository: ({ owner, name }: { owner: string; name: string }) => {
      if (owner.toLowerCase() !== s.owner.toLowerCase() || name.toLowerCase() !== s.name.toLowerCase()) {
        throw notFound(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
      }
      return repositoryNode(s);
    },
  };
}

function repositoryNode(s: FakeState) {
  return {
    id: `R_${s.repoId}`,
    name: s.name,
    nameWithOwner: `${s.owner}/${s.name}`,
    owner: { __typename: 'Organization', login: s.owner },
    pullRequest: ({ number }: { number: number }) => {
      const p = s.pulls.find((x) => x.number === number);
      if (!p) throw notFound(`Could not resolve to a PullRequest with the number of ${number}.`);
      return pullNode(s, p);
    },
  };
}

function pullNode(s: FakeState, p: FakePull) {
  const state = p.merged ? 'MERGED' : p.state === 'open' ? 'OPEN' : 'CLOSED';
  const threads = s.threads.filter((t) => t.pullNumber === p.number);
  const reviews = s.reviews.filter((r) => r.pullNumber === p.number && r.state !== 'PENDING');
  const latestByAuthor = [...new Map(reviews.map((r) => [r.author, r])).values()];
  const review = (r: (typeof reviews)[number]) => ({
    author: actor(r.author),
    state: r.state,
    submittedAt: r.submittedAt,
    body: r.body,
    databaseId: r.id,
    fullDatabaseId: String(r.id),
  });
  const comments = s.comments.filter((c) => c.issueNumber === p.number);
  const fork = p.headOwner !== undefined && p.headOwner !== s.owner;
  return {
    id: p.nodeId,
    number: p.number,
    title: p.title,
    body: p.body ?? '',
    url: `https://github.com/${s.owner}/${s.name}/pull/${p.number}`,
    state,
    isDraft: p.draft,
    mergeable: mergeableState(p),
    mergeStateStatus: state === 'OPEN' ? mergeStateStatus(s, p) : 'UNKNOWN',
    reviewDecision: reviewDecision(s, p),
    headRefName: p.headRef,
    headRefOid: p.headSha,
    baseRefName: p.baseRef,
    isCrossRepository: fork,
    headRepositoryOwner: actor(p.headOwner ?? s.owner),
    headRepository: {
      nameWithOwner: `${p.headOwner ?? s.owner}/${s.name}`,
      name: s.name,
      owner: { __typename: 'User', login: p.headOwner ?? s.owner },
    },
    autoMergeRequest: p.autoMerge
      ? { enabledAt: p.autoMerge.enabledAt, mergeMethod: p.autoMerge.method.toUpperCase(), enabledBy: actor(p.autoMerge.enabledBy) }
      : null,
    latestReviews: (args: Args) => connection(latestByAuthor.map(review), args),
    latestOpinionatedReviews: (args: Args) => connection(latestOpinions(s, p.number).map(review), args),
    reviewThreads: (args: Args) =>
      connection(
        threads.map((t) => threadNode(s, t)),
        args,
      ),
    comments: (args: Args) =>
      connection(
        comments.map((c) => ({
          databaseId: c.id,
          fullDatabaseId: String(c.id),
          author: actor(c.author),
          body: c.body,
          createdAt: c.createdAt,
        })),
        args,
      ),
    commits: (args: Args) => connection([{ commit: commitNode(s, p) }], args),
  };
}

function threadNode(s: FakeState, t: FakeThread) {
  const comments = t.commentIds.map((id) => s.reviewComments.find((c) => c.id === id)).filter((c): c is FakeReviewComment => Boolean(c));
  return {
    id: t.id,
    isResolved: t.resolved,
    isOutdated: t.outdated,
    path: t.path,
    line: t.line,
    comments: (args: Args) =>
      connection(
        comments.map((c) => ({
          id: c.nodeId,
          databaseId: c.id,
          fullDatabaseId: String(c.id),
          author: actor(c.author),
          body: c.body,
          createdAt: c.createdAt,
          path: c.path,
        })),
        args,
      ),
  };
}

function commitNode(s: FakeState, p: FakePull) {
  const rollup = rollupState(s, p.headSha);
  const checks = s.checkRuns.filter((c) => c.headSha === p.headSha);
  const statuses = s.statuses.filter((st) => st.sha === p.headSha);
  // A fine-grained token has no Checks permission: GitHub answers with the check runs nulled and one FORBIDDEN
  // error per run, alongside the rest of the data.
  const hidden = s.scopes === null;
  const contexts: unknown[] = [
    ...checks.map((c) =>
      hidden ? Promise.reject(new TypedError('FORBIDDEN', 'Resource not accessible by personal access token')) : checkRunNode(s, c),
    ),
    ...statuses.map((st) => statusNode(s, st)),
  ];
  return {
    oid: p.headSha,
    statusCheckRollup: rollup ? { state: rollup, contexts: (args: Args) => connection(contexts, args) } : null,
  };
}

function checkRunNode(s: FakeState, c: FakeCheckRun) {
  return {
    __typename: 'CheckRun',
    databaseId: c.id,
    name: c.name,
    status: c.status.toUpperCase(),
    conclusion: c.conclusion?.toUpperCase() ?? null,
    detailsUrl: `https://github.com/${s.owner}/${s.name}/actions/runs/${c.id + 7}/job/${c.id}`,
    isRequired: () => isRequiredCheck(s, c.name, c.required),
  };
}

function statusNode(s: FakeState, st: FakeStatus) {
  return {
    __typename: 'StatusContext',
    context: st.context,
    state: st.state.toUpperCase(),
    targetUrl: st.targetUrl,
    description: st.description,
    isRequired: () => isRequiredCheck(s, st.context, st.required),
  };
}

function mutations(s: FakeState) {
  const pullByNode = (id: string) => {
    const p = s.pulls.find((x) => x.nodeId === id);
    if (!p) throw notFound(`Could not resolve to a node with the global id of '${id}'`);
    return p;
  };
  const refuse = (message: string) => new TypedError('UNPROCESSABLE', message);
  return {
    resolveReviewThread: ({ input }: { input: { threadId: string } }) => {
      const thread = s.threads.find((t) => t.id === input.threadId);
      if (!thread) throw notFound(`Could not resolve to a node with the global id of '${input.threadId}'`);
      thread.resolved = true;
      return { thread: threadNode(s, thread) };
    },
    enablePullRequestAutoMerge: ({ input }: { input: { pullRequestId: string; mergeMethod?: string; expectedHeadOid?: string } }) => {
      const p = pullByNode(input.pullRequestId);
      if (!s.allowAutoMerge) throw refuse('Auto-merge is not allowed for this repository.');
      if (p.state !== 'open') throw refuse('Pull request is closed.');
      const method = String(input.mergeMethod ?? 'MERGE').toLowerCase();
      if (!s.mergeMethods.includes(method as MergeMethod)) throw refuse(`Merge method ${method} merging is not allowed on this repository`);
      if (input.expectedHeadOid && input.expectedHeadOid !== p.headSha)
        throw refuse('The expected head OID does not match the pull request head.');
      const status = mergeStateStatus(s, p);
      // GitHub's own wording: auto-merge only waits for something; a PR it could merge now is refused.
      if (status === 'CLEAN' || status === 'UNSTABLE' || status === 'HAS_HOOKS')
        throw refuse(`Pull request Pull request is in ${status.toLowerCase().replace('_', ' ')} status`);
      p.autoMerge = {
        method,
        enabledBy: s.viewer,
        enabledAt: new Date().toISOString(),
      };
      return { pullRequest: pullNode(s, p) };
    },
    markPullRequestReadyForReview: ({ input }: { input: { pullRequestId: string } }) => {
      const p = pullByNode(input.pullRequestId);
      p.draft = false;
      return { pullRequest: pullNode(s, p) };
    },
    convertPullRequestToDraft: ({ input }: { input: { pullRequestId: string } }) => {
      const p = pullByNode(input.pullRequestId);
      p.draft = true;
      return { pullRequest: pullNode(s, p) };
    },
  };
}
