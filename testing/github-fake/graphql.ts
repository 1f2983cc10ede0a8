// The GraphQL operations the github server sends, recognised by operation name (the fake does not parse
// GraphQL): the pull request state query and the resolve-thread and auto-merge mutations. Anything else gets
// a GraphQL error, so a new query shows up as a failing test instead of silently passing.
import type { FakeState } from './state.js';
import { latestOpinions, mergeStateStatus, reviewDecision, rollupState } from './state.js';

export interface GraphQLResult {
  data?: unknown;
  errors?: Array<{ type?: string; message: string; path?: string[] }>;
}

export function runGraphQL(s: FakeState, query: string, variables: Record<string, unknown>): GraphQLResult {
  const operation = /\b(query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(query)?.[2];
  switch (operation) {
    case 'PullRequestState':
      return pullRequestState(s, variables);
    case 'ResolveThread':
      return resolveThread(s, variables);
    case 'EnableAutoMerge':
      return enableAutoMerge(s, variables);
    case 'MarkReady':
    case 'ConvertToDraft':
      return setDraft(s, variables, operation === 'ConvertToDraft');
    default:
      return { errors: [{ message: `fake GitHub: unsupported GraphQL operation ${operation ?? '(anonymous)'}` }] };
  }
}

function notFound(what: string): GraphQLResult {
  return { data: null, errors: [{ type: 'NOT_FOUND', message: `Could not resolve to a ${what}.` }] };
}

function pullRequestState(s: FakeState, v: Record<string, unknown>): GraphQLResult {
  if (v.owner !== s.owner || v.name !== s.name) {
    return notFound(`Repository with the name '${String(v.owner)}/${String(v.name)}'`);
  }
  const p = s.pulls.find((x) => x.number === v.number);
  if (!p) return { data: { repository: { pullRequest: null } }, errors: [{ type: 'NOT_FOUND', message: `Could not resolve to a PullRequest with the number of ${String(v.number)}.`, path: ['repository', 'pullRequest'] }] };
  const threads = s.threads.filter((t) => t.pullNumber === p.number);
  const commentNode = (id: number | undefined) => {
    const c = s.reviewComments.find((x) => x.id === id);
    return c ? { databaseId: c.id, author: { login: c.author }, body: c.body, createdAt: c.createdAt } : null;
  };
  const checks = s.checkRuns.filter((c) => c.headSha === p.headSha);
  const statuses = s.statuses.filter((st) => st.sha === p.headSha);
  const contexts = [
    ...checks.map((c) => ({
      __typename: 'CheckRun',
      databaseId: c.id,
      name: c.name,
      status: c.status.toUpperCase(),
      conclusion: c.conclusion?.toUpperCase() ?? null,
      isRequired: c.required,
    })),
    ...statuses.map((st) => ({
      __typename: 'StatusContext',
      context: st.context,
      state: st.state.toUpperCase(),
      isRequired: st.required,
    })),
  ];
  const rollup = rollupState(s, p.headSha);
  const allReviews = s.reviews.filter((r) => r.pullNumber === p.number && r.state !== 'PENDING');
  const latestByAuthor = new Map(allReviews.map((r) => [r.author, r]));
  const state = p.merged ? 'MERGED' : p.state === 'open' ? 'OPEN' : 'CLOSED';
  return {
    data: {
      repository: {
        pullRequest: {
          id: p.nodeId,
          number: p.number,
          title: p.title,
          url: `https://github.com/${s.owner}/${s.name}/pull/${p.number}`,
          state,
          isDraft: p.draft,
          mergeable: state !== 'OPEN' ? 'UNKNOWN' : p.mergeable ? 'MERGEABLE' : 'CONFLICTING',
          mergeStateStatus: state === 'OPEN' ? mergeStateStatus(s, p) : 'UNKNOWN',
          reviewDecision: reviewDecision(s, p),
          headRefName: p.headRef,
          headRefOid: p.headSha,
          baseRefName: p.baseRef,
          autoMergeRequest: p.autoMerge
            ? { enabledAt: p.autoMerge.enabledAt, mergeMethod: p.autoMerge.method.toUpperCase() }
            : null,
          latestReviews: {
            nodes: [...latestByAuthor.values()].map((r) => ({
              author: { login: r.author },
              state: r.state,
              submittedAt: r.submittedAt,
              body: r.body,
            })),
          },
          latestOpinionatedReviews: {
            nodes: latestOpinions(s, p.number).map((r) => ({ author: { login: r.author }, state: r.state })),
          },
          reviewThreads: {
            totalCount: threads.length,
            nodes: threads.slice(0, 100).map((t) => ({
              id: t.id,
              isResolved: t.resolved,
              isOutdated: t.outdated,
              path: t.path,
              line: t.line,
              first: { totalCount: t.commentIds.length, nodes: [commentNode(t.commentIds[0])].filter(Boolean) },
              last: { nodes: [commentNode(t.commentIds.at(-1))].filter(Boolean) },
            })),
          },
          commits: {
            nodes: [
              {
                commit: {
                  oid: p.headSha,
                  statusCheckRollup: rollup
                    ? {
                        state: rollup,
                        contexts: {
                          totalCount: contexts.length,
                          pageInfo: { hasNextPage: contexts.length > 100, endCursor: contexts.length > 100 ? 'Y3Vyc29yOjEwMA==' : null },
                          nodes: contexts.slice(0, 100),
                        },
                      }
                    : null,
                },
              },
            ],
          },
        },
      },
    },
  };
}

function resolveThread(s: FakeState, v: Record<string, unknown>): GraphQLResult {
  const thread = s.threads.find((t) => t.id === v.threadId);
  if (!thread) return notFound(`node with the global id of '${String(v.threadId)}'`);
  thread.resolved = true;
  return { data: { resolveReviewThread: { thread: { id: thread.id, isResolved: true } } } };
}

function enableAutoMerge(s: FakeState, v: Record<string, unknown>): GraphQLResult {
  const p = s.pulls.find((x) => x.nodeId === v.pullRequestId);
  if (!p) return notFound(`node with the global id of '${String(v.pullRequestId)}'`);
  const fail = (message: string): GraphQLResult => ({
    data: { enablePullRequestAutoMerge: null },
    errors: [{ type: 'UNPROCESSABLE', message, path: ['enablePullRequestAutoMerge'] }],
  });
  if (!s.allowAutoMerge) return fail('Auto-merge is not allowed for this repository.');
  if (p.state !== 'open') return fail('Pull request is closed.');
  if (v.expectedHeadOid && v.expectedHeadOid !== p.headSha) {
    return fail('The expected head OID does not match the pull request head.');
  }
  if (mergeStateStatus(s, p) === 'CLEAN') return fail('Pull request Pull request is in clean status');
  p.autoMerge = { method: String(v.mergeMethod ?? 'MERGE').toLowerCase(), enabledBy: s.viewer, enabledAt: new Date().toISOString() };
  return { data: { enablePullRequestAutoMerge: { pullRequest: { number: p.number, autoMergeRequest: { enabledAt: p.autoMerge.enabledAt } } } } };
}

function setDraft(s: FakeState, v: Record<string, unknown>, draft: boolean): GraphQLResult {
  const p = s.pulls.find((x) => x.nodeId === v.id);
  if (!p) return notFound(`node with the global id of '${String(v.id)}'`);
  p.draft = draft;
  const field = draft ? 'convertPullRequestToDraft' : 'markPullRequestReadyForReview';
  return { data: { [field]: { pullRequest: { isDraft: draft } } } };
}
