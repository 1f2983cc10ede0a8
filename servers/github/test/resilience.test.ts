import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => h?.close());

/** One actionable sentence: one line, ending with a full stop. */
const ONE_SENTENCE = /^[^\n]+\.$/;

async function statusOfNewPr(harness: Harness) {
  const pr = harness.fake.addPull({ head: 'feature/r' });
  return harness.call('pr_list', {}).then(() => pr);
}

describe('rate limits and server errors', () => {
  it('waits out a primary rate limit that resets soon, then succeeds', async () => {
    h = await startHarness();
    h.fake.addPull({ head: 'feature/a' });
    h.fake.rateLimit({ count: 1, kind: 'primary', resetInSeconds: 1 });
    const result = await h.call('pr_list', {});
    expect(result.isError).toBe(false);
    expect(h.fake.requests.map((r) => r.status)).toEqual([403, 200]);
  });

  it('retries after a secondary rate limit and a 429', async () => {
    h = await startHarness();
    h.fake.rateLimit({ count: 1, kind: 'secondary', resetInSeconds: 1 });
    expect((await h.call('issue_list', {})).isError).toBe(false);
    h.fake.rateLimit({ count: 1, kind: 'primary', status: 429, resetInSeconds: 1 });
    expect((await h.call('issue_list', {})).isError).toBe(false);
    expect(h.fake.requests.map((r) => r.status)).toEqual([403, 200, 429, 200]);
  });

  it('fails fast with the reset time when the limit lasts longer than the server will wait', async () => {
    h = await startHarness();
    const before = Date.now();
    h.fake.rateLimit({ count: 5, kind: 'primary', resetInSeconds: 3600 });
    const result = await h.call('pr_status', { number: 1 });
    const after = Date.now();
    expect(result.isError).toBe(true);
    const candidates = [before, after].map((t) => new Date(Math.ceil(t / 1000) * 1000 + 3600_000).toISOString().slice(11, 16));
    expect(
      candidates.some((hhmm) => result.text === `GitHub's rate limit is exhausted: rate limited until ${hhmm} UTC; try again after that.`),
    ).toBe(true);
    expect(h.fake.requests).toHaveLength(1);
  });

  it('retries a 500 and succeeds; after repeated 5xx it says to try again', async () => {
    h = await startHarness();
    const pr = h.fake.addPull({ head: 'feature/x' });
    h.fake.fail({ count: 1, status: 500 });
    expect((await h.call('pr_status', { number: pr.number })).isError).toBe(false);
    expect(h.fake.requests.map((r) => r.status)).toEqual([500, 200]);
    h.fake.fail({ count: 10, status: 502 });
    const result = await h.call('pr_list', {});
    expect(result).toMatchObject({ isError: true, text: 'GitHub failed with 502 even after retries; try again shortly.' });
    expect(h.fake.requests.filter((r) => r.status === 502)).toHaveLength(4);
  });

  it('does not retry a 404', async () => {
    h = await startHarness();
    const result = await h.call('ci_failures', { number: 42 });
    expect(result).toMatchObject({ isError: true, text: 'PR #42 was not found or the token cannot see it.' });
    expect(h.fake.requests).toHaveLength(1);
  });
});

describe('error messages', () => {
  it('says the token was rejected on 401', async () => {
    h = await startHarness({ env: { GITHUB_TOKEN: 'ghp_wrongTokenValue000000000000000' } });
    const result = await h.call('pr_list', {});
    expect(result).toMatchObject({
      isError: true,
      text: 'GitHub rejected GITHUB_TOKEN (bad credentials); replace the token and restart the server.',
    });
  });

  it('names the permission GitHub wants on 403', async () => {
    h = await startHarness();
    h.fake.fail({ status: 403, permission: 'issues=write' });
    const result = await h.call('issue_report', { title: 'Blocked', body: 'x' });
    expect(result).toMatchObject({
      isError: true,
      text: 'The token lacks the permission GitHub requires for this (issues=write); grant it to the token.',
    });
  });

  it('names GITHUB_TOKEN when it is missing, without calling GitHub', async () => {
    h = await startHarness({ env: { GITHUB_TOKEN: '' } });
    const result = await h.call('pr_list', {});
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^GITHUB_TOKEN is not set; /);
    expect(h.fake.requests).toHaveLength(0);
  });

  it('refuses repositories that are not allowlisted and accepts listed ones', async () => {
    h = await startHarness({ env: { GITHUB_REPOSITORY_ALLOWLIST: 'protolabs/other, Acme/Tools' } });
    const refused = await h.call('pr_list', { repo: 'evil/repo' });
    expect(refused).toMatchObject({
      isError: true,
      text: 'evil/repo is not the configured repository; add it to GITHUB_REPOSITORY_ALLOWLIST to act on it.',
    });
    const bad = await h.call('pr_list', { repo: '../../etc' });
    expect(bad).toMatchObject({ isError: true, text: expect.stringContaining('must be owner/name at repo') });
    expect(h.fake.requests).toHaveLength(0);
    const listed = await h.call('pr_list', { repo: 'acme/tools' });
    expect(listed.text).toBe('Resource was not found or the token cannot see it.'.replace('Resource', 'The requested resource'));
    expect(h.fake.requests[0]?.path).toBe('/repos/acme/tools/pulls');
  });

  it('says GitHub is unreachable when nothing listens at GITHUB_API_URL', async () => {
    h = await startHarness({ env: { GITHUB_API_URL: 'http://127.0.0.1:9/api/v3' } });
    const result = await h.call('pr_list', {});
    expect(result).toMatchObject({ isError: true, text: 'Could not reach GitHub; check GITHUB_API_URL and the network.' });
  });

  it('gives one sentence on every error path and never leaks the token into results or logs', async () => {
    h = await startHarness({ env: { GITHUB_ALLOW_ELEVATED: 'true' } });
    const pr = await statusOfNewPr(h);
    h.fake.addCheckRun({
      sha: pr.headSha,
      name: `leak ${h.fake.token}`,
      conclusion: 'failure',
      required: true,
      summary: `token ${h.fake.token}`,
    });
    const results = [
      await h.call('pr_status', { number: 999 }),
      await h.call('pr_merge', { number: pr.number, method: 'merge', expectedHeadSha: pr.headSha }),
      await h.call('pr_merge', { number: pr.number, method: 'merge', expectedHeadSha: 'c'.repeat(40) }),
      await h.call('pr_comment', { number: 999, body: 'x' }),
      await h.call('issue_update', { number: pr.number, reason: 'completed' }),
      await h.call('pr_review', { number: pr.number, event: 'APPROVE' }),
    ];
    for (const r of results) {
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(ONE_SENTENCE);
    }
    const ok = [await h.call('ci_failures', { number: pr.number }), await h.call('pr_status', { number: pr.number })];
    for (const r of [...results, ...ok]) expect(JSON.stringify(r.raw)).not.toContain(h.fake.token);
    expect(JSON.stringify(ok[0]?.raw)).toContain('[redacted]');
    expect(readFileSync(h.logFile, 'utf8')).not.toContain(h.fake.token);
  });
});
