import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => h?.close());

const ELEVATED = { GITHUB_ALLOW_ELEVATED: 'true' };

describe('pr_merge', () => {
  it('is neither listed nor callable unless GITHUB_ALLOW_ELEVATED=true', async () => {
    h = await startHarness();
    const pr = h.fake.addPull({ head: 'feature/m' });
    const { tools } = await h.client.listTools();
    expect(tools.map((t) => t.name)).not.toContain('pr_merge');
    await expect(h.call('pr_merge', { number: pr.number, method: 'squash', expectedHeadSha: pr.headSha })).rejects.toThrow(
      /Unknown tool: pr_merge\..*GITHUB_ALLOW_ELEVATED=true/,
    );
    expect(h.fake.requests).toHaveLength(0);
    expect(pr.merged).toBe(false);
  });

  it('refuses when the head moved since the agent checked it', async () => {
    h = await startHarness({ env: ELEVATED });
    const pr = h.fake.addPull({ head: 'feature/m' });
    const stale = 'a'.repeat(40);
    const result = await h.call('pr_merge', { number: pr.number, method: 'squash', expectedHeadSha: stale });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /^The head of PR #1 moved to [0-9a-f]{40} \(expected aaaaaaaaaaaa\); check pr_status and CI for the new head before merging\./,
    );
    expect(pr.merged).toBe(false);
    expect(h.fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
  });

  it('refuses when a required check fails, even with whenReady', async () => {
    h = await startHarness({ env: ELEVATED });
    const pr = h.fake.addPull({ head: 'feature/m' });
    h.fake.addCheckRun({ sha: pr.headSha, name: 'test', conclusion: 'failure', required: true });
    const result = await h.call('pr_merge', { number: pr.number, method: 'merge', expectedHeadSha: pr.headSha, whenReady: true });
    expect(result).toMatchObject({ isError: true, text: 'Refusing to merge PR #1: required checks fail: test.' });
    expect(pr.merged).toBe(false);
    expect(pr.autoMerge).toBeNull();
  });

  it('refuses when a reviewer requested changes, even where no review rule applies (reviewDecision null)', async () => {
    h = await startHarness({ env: ELEVATED });
    const pr = h.fake.addPull({ head: 'feature/m' });
    h.fake.addReview({ pull: pr.number, author: 'alice', state: 'CHANGES_REQUESTED' });
    const status = await h.call('pr_status', { number: pr.number });
    expect(status.data).toMatchObject({
      reviewDecision: null,
      changesRequestedBy: ['alice'],
      ready: false,
      blockers: ['changes requested'],
    });
    const result = await h.call('pr_merge', { number: pr.number, method: 'merge', expectedHeadSha: pr.headSha });
    expect(result).toMatchObject({ isError: true, text: 'Refusing to merge PR #1: changes were requested.' });
    expect(pr.merged).toBe(false);
    expect(h.fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
  });

  it('merges a green PR with the sha guard, deletes the branch and audits the call', async () => {
    h = await startHarness({ env: ELEVATED });
    const pr = h.fake.addPull({ head: 'feature/green' });
    h.fake.addCheckRun({ sha: pr.headSha, name: 'test', required: true });
    const result = await h.call('pr_merge', { number: pr.number, method: 'squash', expectedHeadSha: pr.headSha, deleteBranch: true });
    expect(result.isError).toBe(false);
    expect(result.data).toMatchObject({ merged: true, method: 'squash', branchDeleted: true });
    expect(pr.merged).toBe(true);
    expect(h.fake.state.branches.has('feature/green')).toBe(false);
    expect(h.fake.requests.find((r) => r.method === 'PUT')?.body).toEqual({ merge_method: 'squash', sha: pr.headSha });
    const audit = readFileSync(h.auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit).toEqual([
      expect.objectContaining({
        tool: 'pr_merge',
        outcome: 'ok',
        repo: 'protolabs/demo',
        mergeSha: pr.mergeCommitSha,
        args: expect.objectContaining({ number: pr.number }),
      }),
    ]);
  });

  it('enables auto-merge with whenReady while required checks are pending, and refuses without it', async () => {
    h = await startHarness({ env: ELEVATED });
    const pr = h.fake.addPull({ head: 'feature/pending' });
    h.fake.addCheckRun({ sha: pr.headSha, name: 'test', status: 'in_progress', required: true });
    const refused = await h.call('pr_merge', { number: pr.number, method: 'squash', expectedHeadSha: pr.headSha });
    expect(refused.text).toBe(
      'PR #1 is not ready to merge (required checks pending); wait for it (pr_status waitForChecks) or pass whenReady to enable auto-merge.',
    );
    const result = await h.call('pr_merge', { number: pr.number, method: 'squash', expectedHeadSha: pr.headSha, whenReady: true });
    expect(result.data).toMatchObject({ merged: false, autoMerge: 'squash', waitingFor: ['required checks pending'] });
    expect(pr.autoMerge).toMatchObject({ method: 'squash' });
    expect(pr.merged).toBe(false);
  });

  it('merges directly with whenReady when the PR is already clean', async () => {
    h = await startHarness({ env: ELEVATED });
    const pr = h.fake.addPull({ head: 'feature/clean' });
    const result = await h.call('pr_merge', { number: pr.number, method: 'rebase', expectedHeadSha: pr.headSha, whenReady: true });
    expect(result.data).toMatchObject({ merged: true, method: 'rebase' });
  });

  it('reports GitHub’s head-moved conflict when the head changes between check and merge', async () => {
    h = await startHarness({ env: ELEVATED });
    const pr = h.fake.addPull({ head: 'feature/race' });
    const original = pr.headSha;
    h.fake.onRequest((r) => {
      if (r.operation === 'PullRequestState') pr.headSha = 'b'.repeat(40);
    });
    const result = await h.call('pr_merge', { number: pr.number, method: 'merge', expectedHeadSha: original });
    expect(result).toMatchObject({ isError: true, text: 'GitHub refused: Head branch was modified. Review and try the merge again.' });
    expect(pr.merged).toBe(false);
  });

  it('says which methods the repository allows when GitHub refuses the one asked for (405), and merges nothing', async () => {
    h = await startHarness({ env: ELEVATED, fake: { mergeMethods: ['merge', 'rebase'] } });
    const pr = h.fake.addPull({ head: 'feature/m' });
    const result = await h.call('pr_merge', { number: pr.number, method: 'squash', expectedHeadSha: pr.headSha });
    expect(result).toMatchObject({
      isError: true,
      text: 'GitHub refused: Squash merges are not allowed on this repository. It allows merge and rebase; call pr_merge with one of them.',
    });
    expect(pr.merged).toBe(false);
    const merged = await h.call('pr_merge', { number: pr.number, method: 'rebase', expectedHeadSha: pr.headSha });
    expect(merged.isError, merged.text).toBe(false);
  });

  it('names the allowed methods too when auto-merge is refused one (GraphQL), and enables nothing', async () => {
    h = await startHarness({ env: ELEVATED, fake: { mergeMethods: ['squash'] } });
    const pr = h.fake.addPull({ head: 'feature/m' });
    h.fake.addCheckRun({ sha: pr.headSha, name: 'test', status: 'in_progress', required: true });
    const result = await h.call('pr_merge', { number: pr.number, method: 'rebase', expectedHeadSha: pr.headSha, whenReady: true });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/rebase merging is not allowed on this repository.* It allows squash; call pr_merge with it\.$/);
    expect(pr.autoMerge).toBeNull();
  });
});
