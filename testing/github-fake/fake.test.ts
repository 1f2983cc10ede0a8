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

  it('answers GET /user with the token\'s user and its scopes, none for a fine-grained token', async () => {
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

  it('serves namespaced check runs and redirects Actions job logs to a blob URL', async () => {
    fake = await startGitHubFake();
    const pr = fake.addPull({ head: 'feature/x' });
    const run = fake.addCheckRun({ sha: pr.headSha, name: 'test', conclusion: 'failure', log: 'line 1\n##[error]boom' });
    const runs = await (await get(`/repos/protolabs/demo/commits/${pr.headSha}/check-runs`)).json();
    expect(runs).toMatchObject({ total_count: 1, check_runs: [{ id: run.id, name: 'test', conclusion: 'failure', app: { slug: 'github-actions' } }] });
    const redirect = await get(`/repos/protolabs/demo/actions/jobs/${run.id}/logs`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const log = await fetch(redirect.headers.get('location') as string);
    expect(await log.text()).toBe('line 1\n##[error]boom');
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

  it('answers the GraphQL operations the server sends and errors on others', async () => {
    fake = await startGitHubFake();
    const pr = fake.addPull({ head: 'feature/g' });
    const post = (query: string, variables: Record<string, unknown>) =>
      fetch(fake!.url.replace('/api/v3', '/api/graphql'), { method: 'POST', headers: { authorization: `bearer ${fake!.token}` }, body: JSON.stringify({ query, variables }) }).then((r) => r.json() as Promise<{ data: { repository: { pullRequest: unknown } }; errors: Array<{ message: string }> }>);
    const state = await post('query PullRequestState($n:Int!){...}', { owner: 'protolabs', name: 'demo', number: pr.number });
    expect(state.data.repository.pullRequest).toMatchObject({ number: pr.number, state: 'OPEN', mergeStateStatus: 'CLEAN', headRefOid: pr.headSha });
    const unknown = await post('query Other { viewer { login } }', {});
    expect(unknown.errors[0]?.message).toMatch(/unsupported GraphQL operation Other/);
    expect(fake.requests.map((r) => r.operation)).toEqual(['PullRequestState', 'Other']);
  });
});
