// A loopback fake of GitHub's REST v3 (GHES shape: `/api/v3`) and GraphQL (`/api/graphql`) APIs, stateful and
// recording every request. Plain runtime code (Node built-ins only) so the demo can use it as well as tests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, readBody, recordBase, RequestLog } from '../fake-kit/index.js';
import { runGraphQL } from './graphql.js';
import { checkGraphQLRequest } from './spec-graphql.js';
import { checkRestRequest, checkRestResponse } from './spec-rest.js';
import { addThreadComment, routeRest, type Reply } from './rest.js';
import {
  createState,
  fakeSha,
  nodeId,
  type FakeCheckRun,
  type FakeIssue,
  type FakePull,
  type FakeReview,
  type FakeStatus,
} from './state.js';

export type { FakeCheckRun, FakeIssue, FakePull, FakeReview, FakeState, FakeStatus, FakeThread } from './state.js';
export { fakeSha } from './state.js';
export type { GitHubFake, GitHubFakeOptions, RecordedRequest } from './types.js';
import type { GitHubFake, GitHubFakeOptions, RecordedRequest } from './types.js';
import { paginate, send } from './http.js';
import { deleteBranch, followBranches, mergePull, type MergeMethod } from './git-merge.js';
import { failureReply, rateLimitReply } from './faults.js';

interface Fault {
  count: number;
  reply: () => Reply;
}

export async function startGitHubFake(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  const token = options.token ?? 'ghp_fakeTokenForTests0123456789abcdef';
  const state = createState({
    owner: options.owner ?? 'protolabs',
    name: options.name ?? 'demo',
    defaultBranch: options.defaultBranch ?? 'main',
    viewer: options.viewer ?? 'protolabs-bot',
    scopes: options.scopes === undefined ? 'repo, workflow' : options.scopes,
    requireApproval: options.requireApproval ?? false,
    allowAutoMerge: options.allowAutoMerge ?? true,
    ...(options.requiredChecks ? { requiredChecks: options.requiredChecks } : {}),
    ...(options.deleteBranchOnMerge !== undefined ? { deleteBranchOnMerge: options.deleteBranchOnMerge } : {}),
    ...(options.mergeMethods ? { mergeMethods: options.mergeMethods } : {}),
    ...(options.viewerCanPush !== undefined ? { viewerCanPush: options.viewerCanPush } : {}),
  });
  const violations: string[] = [];
  const requests = new RequestLog<RecordedRequest>();
  const faults: Fault[] = [];
  const listeners: Array<(request: RecordedRequest) => void> = [];
  let origin = '';
  let blobOrigin = '';

  const api = await listen((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      violations.push(`fake GitHub crashed on ${req.method} ${req.url}: ${(error as Error).message}`);
      send(res, { status: 500, body: { message: `fake GitHub crashed: ${(error as Error).message}` } });
    });
  });
  // Job logs redirect to a short-lived URL on another host; a client must not carry the token there.
  const blob = await listen((req, res) => {
    void readBody(req).then(() => {
      const url = new URL(req.url ?? '/', blobOrigin);
      const entry = record(req, url, undefined, 'blob');
      const run = state.checkRuns.find((c) => url.pathname === `/job-logs/${c.id}.txt`);
      finish(
        res,
        entry,
        run?.log === undefined || url.searchParams.get('sig') !== 'fake'
          ? { status: 404, body: 'not found' }
          : { status: 200, body: run.log, headers: { 'content-type': 'text/plain' } },
      );
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const raw = await readBody(req);
    let body: Record<string, unknown> | undefined;
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return finish(res, record(req, url, raw, 'api'), { status: 400, body: { message: 'Problems parsing JSON' } });
      }
    }
    const entry = record(req, url, body ?? {}, 'api');
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${token}` && auth !== `Bearer ${token}` && auth !== `bearer ${token}`) {
      return finish(res, entry, {
        status: 401,
        body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' },
      });
    }
    const isGraphQL = entry.path === '/graphql';
    if (!isGraphQL && !url.pathname.startsWith('/api/v3/')) return finish(res, entry, { status: 404, body: { message: 'Not Found' } });
    if (!isGraphQL && !options.acceptInvalidRequests) {
      const problems = await checkRestRequest({ method: req.method ?? 'GET', path: entry.path, query: url.searchParams, body });
      if (problems.length > 0) return finish(res, entry, invalidRequest(problems));
    }
    const fault = faults[0];
    if (fault) {
      // A scripted fault answers instead of GitHub, but the document it interrupts is still checked.
      if (isGraphQL && !options.acceptInvalidRequests) {
        const checked = await checkGraphQLRequest(body?.query, body?.variables);
        const name = checked.operation?.name?.value;
        if (name) entry.operation = name;
        violations.push(...checked.problems.map((p) => `GraphQL ${name ?? '(anonymous)'}: ${p}`));
      }
      fault.count--;
      if (fault.count <= 0) faults.shift();
      return finish(res, entry, fault.reply());
    }
    if (options.gitDir) followBranches(options.gitDir, state);
    if (isGraphQL) {
      if (req.method !== 'POST') return finish(res, entry, { status: 404, body: { message: 'Not Found' } });
      const answer = await runGraphQL(state, body?.query, body?.variables);
      if (answer.operation) entry.operation = answer.operation;
      if (answer.problems.length > 0 && !options.acceptInvalidRequests)
        violations.push(...answer.problems.map((p) => `GraphQL ${answer.operation ?? '(anonymous)'}: ${p}`));
      return finish(res, entry, { status: 200, body: answer.result });
    }
    const reply = routeRest(req.method ?? 'GET', entry.path, {
      s: state,
      base: `${origin}/api/v3`,
      origin,
      blobOrigin,
      query: url.searchParams,
      body: body ?? {},
      ...(options.gitDir ? { gitDir: options.gitDir } : {}),
    });
    const answer = reply.page ? paginate(url, reply) : reply;
    // The fake's own answers must match what GitHub documents, or tests would pass against a kinder GitHub.
    if (!options.acceptInvalidRequests && answer.body !== undefined && typeof answer.body !== 'string') {
      violations.push(...(await checkRestResponse({ method: req.method ?? 'GET', path: entry.path }, answer.status, answer.body)));
    }
    return finish(res, entry, answer);
  }

  function invalidRequest(problems: string[]): Reply {
    violations.push(...problems);
    return {
      status: 400,
      body: {
        message: `fake GitHub: the request does not match GitHub's REST description: ${problems.join('; ')}`,
        documentation_url: 'https://docs.github.com/rest',
        status: '400',
      },
    };
  }

  function record(req: IncomingMessage, url: URL, body: unknown, host: 'api' | 'blob'): RecordedRequest {
    const path = url.pathname === '/api/graphql' ? '/graphql' : url.pathname.replace(/^\/api\/v3/, '');
    return requests.add({ ...recordBase(req, path), query: Object.fromEntries(url.searchParams), body, status: 0, host });
  }

  function finish(res: ServerResponse, entry: RecordedRequest, reply: Reply): void {
    entry.status = reply.status;
    send(res, reply);
    for (const listener of listeners) listener(entry);
  }

  origin = api.origin;
  blobOrigin = blob.origin;

  const pullByNumber = (n: number): FakePull => {
    const p = state.pulls.find((x) => x.number === n);
    if (!p) throw new Error(`fake GitHub: no pull #${n}`);
    return p;
  };
  const stamp = () => new Date().toISOString();

  return {
    url: `${origin}/api/v3`,
    token,
    state,
    requests: requests.all,
    violations,
    reset() {
      requests.reset();
      violations.length = 0;
      faults.length = 0;
    },
    async close() {
      await Promise.all([api.close(), blob.close()]);
      if (violations.length > 0)
        throw new Error(`fake GitHub received requests GitHub's descriptions do not allow:\n${violations.join('\n')}`);
    },
    addPull(p) {
      const number = state.nextNumber++;
      const sha = p.sha ?? (p.headOwner ? undefined : state.branches.get(p.head)) ?? fakeSha(`${p.head}:${number}`);
      // A fork's branch lives in the fork, not in this repository.
      if (!p.headOwner) state.branches.set(p.head, sha);
      const pull: FakePull = {
        number,
        nodeId: nodeId('PR', number),
        title: p.title ?? `Change from ${p.head}`,
        body: p.body ?? null,
        state: 'open',
        merged: false,
        mergedAt: null,
        mergeCommitSha: null,
        draft: p.draft ?? false,
        headRef: p.head,
        headSha: sha,
        baseRef: p.base ?? state.defaultBranch,
        author: p.author ?? state.viewer,
        labels: p.labels ?? [],
        assignees: [],
        requestedReviewers: [],
        mergeable: p.mergeable === undefined ? true : p.mergeable,
        ...(p.headOwner ? { headOwner: p.headOwner } : {}),
        autoMerge: null,
        createdAt: stamp(),
        updatedAt: stamp(),
      };
      state.pulls.push(pull);
      return pull;
    },
    completeAutoMerge(pull) {
      let sha = fakeSha(`merge:${pull.number}:${pull.headSha}`);
      if (options.gitDir && pull.headOwner === undefined) {
        const merged = mergePull(options.gitDir, state, pull, { method: (pull.autoMerge?.method ?? 'merge') as MergeMethod });
        if (!merged.ok) throw new Error(`fake GitHub: auto-merge of #${pull.number} failed in git (${merged.reason})`);
        sha = merged.sha;
        if (state.deleteBranchOnMerge) deleteBranch(options.gitDir, pull.headRef);
      }
      pull.merged = true;
      pull.state = 'closed';
      pull.mergedAt = stamp();
      pull.mergeCommitSha = sha;
      state.branches.set(pull.baseRef, pull.mergeCommitSha);
    },
    addCheckRun(c) {
      const status = c.status ?? 'completed';
      const run: FakeCheckRun = {
        id: state.nextId++,
        headSha: c.sha,
        name: c.name,
        status,
        conclusion: status === 'completed' ? (c.conclusion ?? 'success') : null,
        required: c.required ?? false,
        app: c.app ?? 'github-actions',
        title: c.title ?? null,
        summary: c.summary ?? null,
        startedAt: stamp(),
        completedAt: status === 'completed' ? stamp() : null,
        ...(c.log !== undefined ? { log: c.log } : {}),
      };
      state.checkRuns.push(run);
      return run;
    },
    addStatus(st) {
      const status: FakeStatus = {
        id: state.nextId++,
        sha: st.sha,
        context: st.context,
        state: st.state,
        required: st.required ?? false,
        description: st.description ?? null,
        targetUrl: st.targetUrl ?? null,
        createdAt: stamp(),
      };
      state.statuses.push(status);
      return status;
    },
    addReview(r) {
      const p = pullByNumber(r.pull);
      const id = state.nextId++;
      const review: FakeReview = {
        id,
        nodeId: nodeId('PRR', id),
        pullNumber: p.number,
        author: r.author,
        state: r.state,
        body: r.body ?? '',
        commitId: p.headSha,
        submittedAt: stamp(),
      };
      state.reviews.push(review);
      return review;
    },
    addThread(t) {
      const p = pullByNumber(t.pull);
      let parent: { id: number; threadId: string } | undefined;
      for (const c of t.comments) {
        const added = addThreadComment(state, p.number, t.path, t.line ?? null, c.author, c.body, null, parent);
        parent ??= added;
      }
      const thread = state.threads.find((x) => x.id === parent?.threadId);
      if (!thread) throw new Error('fake GitHub: a thread needs at least one comment');
      thread.resolved = t.resolved ?? false;
      thread.outdated = t.outdated ?? false;
      return thread;
    },
    addComment(c) {
      state.comments.push({ id: state.nextId++, issueNumber: c.issue, author: c.author, body: c.body, createdAt: c.createdAt ?? stamp() });
    },
    addIssue(i) {
      const number = state.nextNumber++;
      const issue: FakeIssue = {
        number,
        nodeId: nodeId('I', number),
        title: i.title,
        body: i.body ?? null,
        state: i.state ?? 'open',
        stateReason: i.state === 'closed' ? 'completed' : null,
        author: i.author ?? state.viewer,
        labels: i.labels ?? [],
        assignees: i.assignees ?? [],
        createdAt: stamp(),
        updatedAt: stamp(),
        closedAt: i.state === 'closed' ? stamp() : null,
      };
      state.issues.push(issue);
      return issue;
    },
    rateLimit({ count = 1, ...limit } = {}) {
      faults.push({ count, reply: () => rateLimitReply(limit) });
    },
    fail({ count = 1, ...failure } = {}) {
      faults.push({ count, reply: () => failureReply(failure, state.owner) });
    },
    onRequest(listener) {
      listeners.push(listener);
    },
  };
}
