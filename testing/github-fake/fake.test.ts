import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from './index.js';

let fake: GitHubFake | undefined;
afterEach(async () => fake?.close());

async function get(path: string, init: RequestInit = {}) {
  const f = fake as GitHubFake;
  return fetch(`${f.url}${path}`, { ...init, headers: { authorization: `token ${f.token}`, ...(init.headers as Record<string, string>) } });
}

describe('GitHub fake', () => {
  it('listens on loopback with the GHES /api/v3 prefix and rejects a wrong token like GitHub', async () => {
    fake = await startGitHubFake();
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
    const bad = await fetch(`${fake.url}/repos/protolabs/demo`, { headers: { authorization: 'token nope' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ message: 'Bad credentials' });
    const repo = await get('/repos/protolabs/demo');
    expect(await repo.json()).toMatchObject({ full_name: 'protolabs/demo', default_branch: 'main' });
    expect(repo.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect((await get('/repos/other/repo')).status).toBe(404);
  });

  it('allows only the merge methods the repository allows, with GitHub’s 405 and its allow_* settings', async () => {
    fake = await startGitHubFake({ mergeMethods: ['squash'] });
    expect(await (await get('/repos/protolabs/demo')).json()).toMatchObject({
      allow_merge_commit: false,
      allow_squash_merge: true,
      allow_rebase_merge: false,
    });
    const pr = fake.addPull({ head: 'feature/m' });
    const put = (merge_method: string) =>
      get(`/repos/protolabs/demo/pulls/${pr.number}/merge`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ merge_method, sha: pr.headSha }),
      });
    const refused = await put('merge');
    expect(refused.status).toBe(405);
    expect(await refused.json()).toMatchObject({ message: 'Merge commits are not allowed on this repository.' });
    expect(pr.merged).toBe(false);
    expect((await put('squash')).status).toBe(200);
  });

  it('records requests without the token; reset forgets requests and scripted faults, not the repository', async () => {
    fake = await startGitHubFake();
    await get('/repos/protolabs/demo');
    expect(fake.requests).toMatchObject([{ method: 'GET', path: '/repos/protolabs/demo', authorized: true, status: 200 }]);
    expect(JSON.stringify(fake.requests)).not.toContain(fake.token);
    fake.fail({ status: 502 });
    fake.reset();
    expect(fake.requests).toEqual([]);
    expect((await get('/repos/protolabs/demo')).status).toBe(200);
  });

  it("answers GET /user with the token's user and its scopes, none for a fine-grained token", async () => {
    fake = await startGitHubFake({ viewer: 'octo-bot' });
    const user = await get('/user');
    expect(await user.json()).toMatchObject({ login: 'octo-bot', id: expect.any(Number), type: 'User', site_admin: false });
    expect(user.headers.get('x-oauth-scopes')).toBe('repo, workflow');
    fake.state.scopes = 'read:org, gist';
    expect((await get('/user')).headers.get('x-oauth-scopes')).toBe('read:org, gist');
    fake.state.scopes = null;
    expect((await get('/user')).headers.has('x-oauth-scopes')).toBe(false);
    expect((await fetch(`${fake.url}/user`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    await fake.close();
    fake = await startGitHubFake({ scopes: null });
    expect((await get('/user')).headers.has('x-oauth-scopes')).toBe(false);
  });

  it('paginates lists with absolute Link headers', async () => {
    fake = await startGitHubFake();
    for (let i = 0; i < 5; i++) fake.addIssue({ title: `issue ${i}` });
    const first = await get('/repos/protolabs/demo/issues?per_page=2');
    expect(((await first.json()) as Array<{ number: number }>).map((i: { number: number }) => i.number)).toEqual([5, 4]);
    const link = first.headers.get('link') ?? '';
    expect(link).toContain(`<${fake.url}/repos/protolabs/demo/issues?per_page=2&page=2>; rel="next"`);
    expect(link).toContain('page=3>; rel="last"');
    const last = await get('/repos/protolabs/demo/issues?per_page=2&page=3');
    expect(((await last.json()) as Array<{ number: number }>).map((i: { number: number }) => i.number)).toEqual([1]);
    expect(last.headers.get('link')).not.toContain('rel="next"');
  });

  it('serves namespaced check runs and redirects Actions job logs to a blob on another origin', async () => {
    fake = await startGitHubFake();
    const pr = fake.addPull({ head: 'feature/x' });
    const run = fake.addCheckRun({ sha: pr.headSha, name: 'test', conclusion: 'failure', log: 'line 1\n##[error]boom' });
    const runs = await (await get(`/repos/protolabs/demo/commits/${pr.headSha}/check-runs`)).json();
    expect(runs).toMatchObject({
      total_count: 1,
      check_runs: [{ id: run.id, name: 'test', conclusion: 'failure', app: { slug: 'github-actions' } }],
    });
    const redirect = await get(`/repos/protolabs/demo/actions/jobs/${run.id}/logs`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') as string;
    expect(new URL(location).origin).not.toBe(new URL(fake.url).origin);
    const log = await fetch(location);
    expect(await log.text()).toBe('line 1\n##[error]boom');
    expect(fake.requests.at(-1)).toMatchObject({ host: 'blob', authorized: false });
  });

  it('refuses check runs to a fine-grained token, which has no Checks permission', async () => {
    fake = await startGitHubFake({ scopes: null });
    const pr = fake.addPull({ head: 'feature/x' });
    fake.addCheckRun({ sha: pr.headSha, name: 'test' });
    const refused = await get(`/repos/protolabs/demo/commits/${pr.headSha}/check-runs`);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-accepted-github-permissions')).toBe('checks=read');
  });

  it('pages the combined status 30 at a time by default, as GitHub does', async () => {
    fake = await startGitHubFake();
    const pr = fake.addPull({ head: 'feature/s' });
    for (let i = 0; i < 35; i++) fake.addStatus({ sha: pr.headSha, context: `ci/${i}`, state: i === 34 ? 'failure' : 'success' });
    const first = (await (await get(`/repos/protolabs/demo/commits/${pr.headSha}/status`)).json()) as {
      state: string;
      total_count: number;
      statuses: unknown[];
    };
    expect([first.state, first.total_count, first.statuses.length]).toEqual(['failure', 35, 30]);
  });

  it('drops labels on issues opened by a user without push access, as GitHub does silently', async () => {
    fake = await startGitHubFake({ viewerCanPush: false });
    const created = await get('/repos/protolabs/demo/issues', {
      method: 'POST',
      body: JSON.stringify({ title: 'x', labels: ['blocker'] }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ title: 'x', labels: [] });
  });

  it("fails the test that sends a request outside GitHub's REST description or GraphQL schema", async () => {
    const strict = await startGitHubFake();
    const bad = await fetch(`${strict.url}/repos/protolabs/demo/pulls?colour=red`, { headers: { authorization: `token ${strict.token}` } });
    expect(bad.status).toBe(400);
    const badBody = await fetch(`${strict.url}/repos/protolabs/demo/issues`, {
      method: 'POST',
      headers: { authorization: `token ${strict.token}` },
      body: JSON.stringify({ title: 'x', colour: 'red' }),
    });
    expect(badBody.status).toBe(400);
    const badPath = await fetch(`${strict.url}/repos/protolabs/demo/pulls/abc`, { headers: { authorization: `token ${strict.token}` } });
    expect(badPath.status).toBe(400);
    await fetch(strict.url.replace('/api/v3', '/api/graphql'), {
      method: 'POST',
      headers: { authorization: `bearer ${strict.token}` },
      body: JSON.stringify({ query: 'query Q { viewer { loginn } }' }),
    });
    expect(strict.violations).toEqual([
      expect.stringMatching(/pulls\/list\): query parameter colour is not documented$/),
      expect.stringMatching(/issues\/create\): body .*additional properties/),
      expect.stringMatching(/pulls\/get\): path parameter pull_number: \(root\) must be integer$/),
      expect.stringMatching(/GraphQL Q: Cannot query field "loginn" on type "User"/),
    ]);
    await expect(strict.close()).rejects.toThrow(/descriptions do not allow/);
  });

  it('answers rate-limit and 5xx modes for the next requests, then recovers, recording everything', async () => {
    fake = await startGitHubFake();
    fake.rateLimit({ count: 1, resetInSeconds: 60 });
    const limited = await get('/repos/protolabs/demo');
    expect(limited.status).toBe(403);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 + 50);
    fake.rateLimit({ count: 1, kind: 'secondary', status: 429, resetInSeconds: 7 });
    const secondary = await get('/repos/protolabs/demo');
    expect([secondary.status, secondary.headers.get('retry-after')]).toEqual([429, '7']);
    fake.fail({ count: 2, status: 502 });
    expect((await get('/repos/protolabs/demo')).status).toBe(502);
    expect((await get('/repos/protolabs/demo')).status).toBe(502);
    expect((await get('/repos/protolabs/demo')).status).toBe(200);
    expect(fake.requests.map((r) => r.status)).toEqual([403, 429, 502, 502, 200]);
  });

  it('checks its own answers against the schema GitHub documents for them', async () => {
    const strict = await startGitHubFake();
    const pr = strict.addPull({ head: 'feature/a' });
    (pr as { title: unknown }).title = null;
    await fetch(`${strict.url}/repos/protolabs/demo/pulls/${pr.number}`, { headers: { authorization: `token ${strict.token}` } });
    expect(strict.violations).toEqual([
      expect.stringMatching(
        /answer to GET \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\} 200 \(pulls\/get\): \/title must be string$/,
      ),
    ]);
    await expect(strict.close()).rejects.toThrow(/descriptions do not allow/);
  });

  it("executes GraphQL against GitHub's schema: the shape asked for, pages, UNKNOWN mergeability, null decision without a rule", async () => {
    fake = await startGitHubFake();
    const pr = fake.addPull({ head: 'feature/g', mergeable: null });
    fake.addReview({ pull: pr.number, author: 'alice', state: 'CHANGES_REQUESTED' });
    for (let t = 0; t < 3; t++) fake.addThread({ pull: pr.number, path: `f${t}.ts`, comments: [{ author: 'bob', body: `t${t}` }] });
    const post = (query: string, variables: Record<string, unknown>) =>
      fetch(fake!.url.replace('/api/v3', '/api/graphql'), {
        method: 'POST',
        headers: { authorization: `bearer ${fake!.token}` },
        body: JSON.stringify({ query, variables }),
      }).then(
        (r) =>
          r.json() as Promise<{
            data: { repository: { pullRequest: Record<string, unknown> } };
            errors?: Array<{ type?: string; message: string }>;
          }>,
      );
    const query =
      'query S($owner:String!,$name:String!,$number:Int!,$after:String){repository(owner:$owner,name:$name){pullRequest(number:$number){number mergeable mergeStateStatus reviewDecision reviewThreads(first:2,after:$after){totalCount pageInfo{hasNextPage endCursor} nodes{path}}}}}';
    const first = await post(query, { owner: 'protolabs', name: 'demo', number: pr.number });
    expect(first.data.repository.pullRequest).toMatchObject({
      number: pr.number,
      mergeable: 'UNKNOWN',
      mergeStateStatus: 'UNKNOWN',
      reviewDecision: null,
      reviewThreads: { totalCount: 3, pageInfo: { hasNextPage: true }, nodes: [{ path: 'f0.ts' }, { path: 'f1.ts' }] },
    });
    const cursor = (first.data.repository.pullRequest.reviewThreads as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    const second = await post(query, { owner: 'protolabs', name: 'demo', number: pr.number, after: cursor });
    expect(second.data.repository.pullRequest.reviewThreads).toMatchObject({
      pageInfo: { hasNextPage: false },
      nodes: [{ path: 'f2.ts' }],
    });
    const missing = await post(query, { owner: 'protolabs', name: 'demo', number: 99 });
    expect(missing.errors?.[0]).toMatchObject({ type: 'NOT_FOUND' });
    expect(fake.requests.map((r) => r.operation)).toEqual(['S', 'S', 'S']);
  });
});
