// Worktrees the Automaker apps' way: folder from the branch, found by branch, any valid branch kept; and a new
// branch forks from the remote's base, fetched first.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, UpstreamError } from '../../../shared/errors.js';
import { makeRepoWithOrigin, type RepoWithOrigin } from './origin-test-repo.js';
import { cleanUpReposAfterEach, rejection, setup } from './worktrees-test-kit.js';
import { WorktreeManager } from './worktrees.js';

cleanUpReposAfterEach();

describe('worktree folders and reuse', () => {
  it.each([
    ['fix/login-crash', 'fix-login-crash'],
    ['chore/deps.update', 'chore-deps-update'],
    ['docs/Read_Me', 'docs-Read_Me'],
    ['feature/a/b', 'feature-a-b'],
  ])('puts %s in .worktrees/%s', async (branch, folder) => {
    const { manager, worktreesDir } = setup();
    const made = await manager.ensure(branch);
    expect(made).toMatchObject({ path: join(worktreesDir, folder), branch, created: true });
  });

  it('reuses a worktree of the branch wherever it is: an older .worktrees/<slug> of ours, or one the app made', async () => {
    const { repo, manager, worktreesDir } = setup();
    const old = join(worktreesDir, 'old-style-1');
    repo.git(['worktree', 'add', '-q', '-b', 'feature/old-style-1', old]);
    const app = join(repo.root, 'elsewhere', 'by-the-app');
    repo.git(['worktree', 'add', '-q', '-b', 'chore/app-made', app]);
    expect(await manager.ensure('feature/old-style-1')).toMatchObject({ path: old, created: false });
    expect(await manager.ensure('chore/app-made')).toMatchObject({ path: app, created: false });
    expect(await manager.worktreeOf('chore/app-made')).toBe(app);
    expect(repo.git(['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(3);
  });

  it('checks out an existing branch with its work instead of forking a new one', async () => {
    const { repo, manager } = setup();
    repo.git(['branch', 'fix/existing']);
    repo.git(['checkout', '-q', 'fix/existing']);
    const work = repo.commit({ 'fix.txt': 'fixed\n' }, 'the fix');
    repo.git(['checkout', '-q', 'main']);
    const made = await manager.ensure('fix/existing');
    expect(repo.git(['rev-parse', 'HEAD'], made.path).trim()).toBe(work);
  });

  it('gives the base branch itself no worktree, and says a branch checked out in the main checkout must move first', async () => {
    const { repo, manager, worktreesDir } = setup();
    expect((await rejection(manager.ensure('main'))).message).toMatch(/main is the base branch itself; it gets no worktree/);
    repo.git(['checkout', '-q', '-b', 'fix/here']);
    const error = await rejection(manager.ensure('fix/here'));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain('checked out in the main checkout');
    expect(existsSync(worktreesDir)).toBe(false);
  });
});

describe('a new branch starts from the freshest base', () => {
  const repos: RepoWithOrigin[] = [];
  afterEach(() => {
    for (const repo of repos.splice(0)) repo.cleanup();
  });
  function withOrigin() {
    const repo = makeRepoWithOrigin();
    repos.push(repo);
    return { repo, manager: new WorktreeManager({ mainRoot: repo.root, worktreesDir: join(repo.root, '.worktrees') }) };
  }

  it('fetches the base, forks from origin/main and fast-forwards the clean local main', async () => {
    const { repo, manager } = withOrigin();
    const upstream = repo.commitUpstream({ 'merged.txt': 'merged on GitHub\n' }, 'a PR merged upstream');
    const made = await manager.ensure('feature/next');
    expect(made).toMatchObject({ from: 'origin/main', baseSha: upstream, notes: [] });
    expect(repo.git(['rev-parse', 'HEAD'], made.path).trim()).toBe(upstream);
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(upstream);
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('forks from origin/main but leaves a local main with its own commits alone, and says so', async () => {
    const { repo, manager } = withOrigin();
    const upstream = repo.commitUpstream({ 'merged.txt': 'merged on GitHub\n' }, 'a PR merged upstream');
    const local = repo.commit({ 'local.txt': 'local only\n' }, 'a local merge GitHub never saw');
    const made = await manager.ensure('feature/next');
    expect(repo.git(['rev-parse', 'HEAD'], made.path).trim()).toBe(upstream);
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(local);
    expect(made.notes).toEqual(['local main and origin/main have diverged; local main was left as it is.']);
  });

  it('offline: one sentence naming the remote, and no folder, branch or ref changed', async () => {
    const { repo, manager } = withOrigin();
    repo.git(['remote', 'set-url', 'origin', join(repo.sandbox, 'gone.git')]);
    const refs = repo.git(['for-each-ref']);
    const error = await rejection(manager.ensure('feature/offline'));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toMatch(/^Could not fetch main from the remote 'origin'/);
    expect(repo.git(['for-each-ref'])).toBe(refs);
    expect(existsSync(join(repo.root, '.worktrees')) ? readdirSync(join(repo.root, '.worktrees')) : []).toEqual([]);
  });

  it('reuses an existing worktree without fetching (offline is fine then)', async () => {
    const { repo, manager } = withOrigin();
    const made = await manager.ensure('feature/again');
    repo.git(['remote', 'set-url', 'origin', join(repo.sandbox, 'gone.git')]);
    expect(await manager.ensure('feature/again')).toMatchObject({ path: made.path, created: false });
  });
});
