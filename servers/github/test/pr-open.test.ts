import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../shared/errors.js';
import type { BoardLink } from '../deps.js';
import { createRepos, git, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => h?.close());

describe('pr_open', () => {
  it('pushes a local-only branch to the bare remote, opens the PR, and returns the same PR on a second call', async () => {
    const repos = createRepos();
    h = await startHarness({ cwd: repos.work, fake: { gitDir: repos.bare } });
    const localSha = git(repos.work, 'rev-parse', 'feature/login');
    expect(() => git(repos.bare, 'rev-parse', '--verify', 'refs/heads/feature/login')).toThrow();

    const first = await h.call('pr_open', { title: 'Add login', body: 'Implements login.' });
    expect(first.isError).toBe(false);
    expect(first.data).toMatchObject({ number: 1, created: true, pushed: true, head: 'feature/login', base: 'main', headSha: localSha });
    expect(git(repos.bare, 'rev-parse', 'refs/heads/feature/login')).toBe(localSha);
    expect(h.fake.state.pulls).toHaveLength(1);
    expect(h.fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/pulls'))?.body).toMatchObject({
      head: 'feature/login',
      base: 'main',
      title: 'Add login',
    });

    const second = await h.call('pr_open', { branch: 'feature/login', title: 'Add login' });
    expect(second.data).toMatchObject({ number: 1, created: false, pushed: false });
    expect(h.fake.state.pulls).toHaveLength(1);
    expect(h.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/pulls'))).toHaveLength(1);
  });

  it('signs a new PR body with the instance that opened it', async () => {
    const repos = createRepos();
    h = await startHarness({ cwd: repos.work, fake: { gitDir: repos.bare }, env: { PROTOLABS_INSTANCE: 'ada-laptop' } });
    await h.call('pr_open', { title: 'Add login', body: 'Implements login.' });
    expect(h.fake.state.pulls[0]?.body).toBe('Implements login.\n\nopened by instance ada-laptop');
    git(repos.work, 'checkout', '--quiet', '-b', 'feature/other');
    await h.call('pr_open', { title: 'Other' });
    expect(h.fake.state.pulls[1]?.body).toBe('opened by instance ada-laptop');
  });

  it('never writes the token into the repository config', async () => {
    const repos = createRepos();
    h = await startHarness({ cwd: repos.work, fake: { gitDir: repos.bare } });
    await h.call('pr_open', { title: 'Add login', draft: true });
    for (const config of [join(repos.work, '.git', 'config'), join(repos.bare, 'config')]) {
      expect(readFileSync(config, 'utf8')).not.toContain(h.fake.token);
    }
    expect(readFileSync(h.logFile, 'utf8')).not.toContain(h.fake.token);
  });

  it('refuses a branch that does not exist locally, before calling GitHub to create anything', async () => {
    const repos = createRepos();
    h = await startHarness({ cwd: repos.work, fake: { gitDir: repos.bare } });
    const result = await h.call('pr_open', { branch: 'feature/nope', title: 'x' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^Branch feature\/nope does not exist in the local repository/);
    expect(h.fake.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('refuses to open a PR from the base branch itself', async () => {
    const repos = createRepos();
    git(repos.work, 'checkout', '--quiet', 'main');
    h = await startHarness({ cwd: repos.work, fake: { gitDir: repos.bare } });
    const result = await h.call('pr_open', { title: 'x' });
    expect(result).toMatchObject({
      isError: true,
      text: 'main is the base branch; open the PR from a feature branch (pass branch or feature).',
    });
    expect(h.fake.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('refuses option-like branch names at the schema', async () => {
    h = await startHarness();
    const result = await h.call('pr_open', { branch: '--upload-pack=evil', title: 'x' });
    expect(result.isError).toBe(true);
    expect(h.fake.requests).toHaveLength(0);
  });

  it('takes the branch and worktree from a board feature and links the PR on it', async () => {
    const repos = createRepos();
    const links: unknown[] = [];
    const board: BoardLink = {
      async getFeatureForPr({ featureId }) {
        if (featureId !== 'feature-1-login') throw new NotFoundError(`No feature ${featureId} on the board.`);
        return { id: featureId, title: 'Login', branchName: 'feature/login', worktreePath: repos.work };
      },
      async linkPullRequest(options) {
        links.push(options);
      },
      recordPullRequestMerge: async () => undefined,
    };
    h = await startHarness({ fake: { gitDir: repos.bare }, board, cwd: repos.work });
    const result = await h.call('pr_open', { feature: 'feature-1-login', title: 'Login' });
    expect(result.data).toMatchObject({ number: 1, created: true, linked: true, head: 'feature/login' });
    expect(links).toEqual([
      expect.objectContaining({ featureId: 'feature-1-login', prNumber: 1, prUrl: 'https://github.com/protolabs/demo/pull/1' }),
    ]);
    const missing = await h.call('pr_open', { feature: 'feature-9-x', title: 'x' });
    expect(missing).toMatchObject({ isError: true, text: 'No feature feature-9-x on the board.' });
  });
});

describe('pr_open with the real board', () => {
  it('opens the PR of a claimed feature from its worktree and records it on the feature', async () => {
    const { startBoard } = await import('../../board/test/harness.js');
    const boardLink = await import('../../board/store/pr-link.js');
    const repos = createRepos();
    git(repos.work, 'checkout', '--quiet', 'main');
    const board = await startBoard(repos.work);
    try {
      await board.call('feature_create', { features: [{ title: 'Checkout flow' }] });
      const claimed = await board.call('feature_claim', {});
      expect(claimed.isError, claimed.text).toBe(false);
      const feature = claimed.data.feature as { id: string; branch: string; worktree: string };
      writeFileSync(join(feature.worktree, 'checkout.ts'), 'export {};\n');
      git(feature.worktree, 'add', '.');
      git(feature.worktree, 'commit', '--quiet', '-m', 'checkout');

      h = await startHarness({ cwd: repos.work, fake: { gitDir: repos.bare }, board: boardLink });
      const result = await h.call('pr_open', { feature: feature.id, title: 'Checkout flow' });
      expect(result.isError, result.text).toBe(false);
      expect(result.data).toMatchObject({
        created: true,
        pushed: true,
        linked: true,
        head: feature.branch,
        headSha: git(feature.worktree, 'rev-parse', 'HEAD'),
      });
      const got = await board.call('feature_get', { id: feature.id });
      expect(JSON.stringify(got.data)).toContain('https://github.com/protolabs/demo/pull/1');
    } finally {
      await board.close();
    }
  });
});
