import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConflictError, ForbiddenError, InputError, NotFoundError } from '../../../shared/errors.js';
import { featureSlug } from './sanitize.js';
import type { TestRepo } from './test-repo.js';
import { cleanUpReposAfterEach, rejection, setup } from './worktrees-test-kit.js';
import { WorktreeManager } from './worktrees.js';

cleanUpReposAfterEach();

describe('WorktreeManager.ensure', () => {
  it('creates the worktree of feature/<slug> in .worktrees/feature-<slug> (the apps’ folder) from the base branch, excluded from git', async () => {
    const { repo, manager, worktreesDir } = setup();
    const slug = featureSlug('feature-1779776805064-k3j9x2a1b', 'Add login');
    const steps: string[] = [];
    const result = await manager.ensure(`feature/${slug}`, { progress: (_d, _t, m) => steps.push(m) });
    expect(result).toMatchObject({
      path: join(worktreesDir, `feature-${slug}`),
      branch: `feature/${slug}`,
      base: 'main',
      from: 'main',
      created: true,
      notes: [],
    });
    expect(result.baseSha).toBe(repo.git(['rev-parse', 'main']).trim());
    expect(repo.git(['symbolic-ref', '--short', 'HEAD'], result.path).trim()).toBe(`feature/${slug}`);
    expect(repo.git(['rev-parse', 'HEAD'], result.path).trim()).toBe(result.baseSha);
    expect(readFileSync(join(repo.root, '.git', 'info', 'exclude'), 'utf8')).toContain('/.worktrees/');
    expect(repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('');
    expect(steps.length).toBeGreaterThan(1);
  });

  it('reuses the same worktree when called again', async () => {
    const { repo, manager } = setup();
    const first = await manager.ensure('feature/login-abc');
    repo.commit({ 'feature.txt': 'work\n' }, 'work', first.path);
    const second = await manager.ensure('feature/login-abc');
    expect(second).toMatchObject({ path: first.path, branch: first.branch, created: false, baseSha: first.baseSha });
    expect(repo.git(['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(2);
  });

  it('recreates a removed worktree on its kept branch, work intact', async () => {
    const { repo, manager } = setup();
    const first = await manager.ensure('feature/keep-me');
    const sha = repo.commit({ 'kept.txt': 'kept\n' }, 'kept work', first.path);
    await manager.remove('feature/keep-me', { force: true });
    const again = await manager.ensure('feature/keep-me');
    expect(again.created).toBe(true);
    expect(repo.git(['rev-parse', 'HEAD'], again.path).trim()).toBe(sha);
  });

  it('two concurrent ensures of one feature end with one worktree, created once', async () => {
    const { repo, manager } = setup();
    const results = await Promise.all([
      manager.ensure('feature/race-1'),
      manager.ensure('feature/race-1'),
      manager.ensure('feature/race-1'),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.path)).size).toBe(1);
    expect(repo.git(['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(2);
  });

  it('a cancelled creation leaves no folder, registration or branch behind', async () => {
    const { repo, manager, worktreesDir } = setup();
    const controller = new AbortController();
    const attempt = manager.ensure('feature/cancelled-1', {
      signal: controller.signal,
      progress: (_d, _t, message) => {
        if (message.startsWith('creating')) controller.abort(new Error('cancelled by the client'));
      },
    });
    await expect(attempt).rejects.toThrow();
    expect(existsSync(join(worktreesDir, 'feature-cancelled-1'))).toBe(false);
    expect(repo.git(['worktree', 'list', '--porcelain'])).not.toContain('cancelled-1');
    expect(repo.git(['branch', '--list', 'feature/cancelled-1']).trim()).toBe('');
  });

  it('branches from BOARD_BASE_BRANCH when configured', async () => {
    const { repo, manager } = setup({ baseBranch: 'develop' });
    repo.git(['branch', 'develop']);
    repo.git(['checkout', '-q', 'develop']);
    const developSha = repo.commit({ 'dev.txt': 'dev\n' }, 'on develop');
    repo.git(['checkout', '-q', 'main']);
    const result = await manager.ensure('feature/from-develop');
    expect(result).toMatchObject({ base: 'develop', baseSha: developSha });
    expect(existsSync(join(result.path, 'dev.txt'))).toBe(true);
  });

  it('finds the default branch even when the main checkout is on another branch', async () => {
    const { repo, manager } = setup();
    repo.git(['checkout', '-q', '-b', 'experiment']);
    repo.commit({ 'x.txt': 'x\n' }, 'experiment');
    expect(await manager.baseBranch()).toBe('main');
    const result = await manager.ensure('feature/defaults');
    expect(result.baseSha).toBe(repo.git(['rev-parse', 'main']).trim());
  });

  it('refuses a configured base branch that does not exist or is not a valid name', async () => {
    const { repo } = setup();
    await expect(
      new WorktreeManager({ mainRoot: repo.root, worktreesDir: join(repo.root, '.w'), baseBranch: 'nope' }).ensure('a1'),
    ).rejects.toThrow(NotFoundError);
    expect(
      () => new WorktreeManager({ mainRoot: repo.root, worktreesDir: join(repo.root, '.w'), baseBranch: '--upload-pack=touch /tmp/p' }),
    ).toThrow(ConfigError);
  });

  it('takes a relative worktrees folder as relative to the main checkout', async () => {
    const { repo } = setup();
    const manager = new WorktreeManager({ mainRoot: repo.root, worktreesDir: '.trees' });
    expect((await manager.ensure('feature/rel-1')).path).toBe(join(repo.root, '.trees', 'feature-rel-1'));
    expect(readFileSync(join(repo.root, '.git', 'info', 'exclude'), 'utf8')).toContain('/.trees/');
  });

  it.each([
    '../../x',
    'feature/../../x',
    '-x',
    '--upload-pack=touch /tmp/p',
    'a..b',
    'x.lock',
    'a\nb',
    'a\u200bb',
    'x'.repeat(300),
    '',
    '...',
    '/abs',
  ])('refuses the hostile branch %j and creates nothing', async (branch) => {
    const { repo, manager } = setup();
    await expect(manager.ensure(branch)).rejects.toThrow(InputError);
    expect(readdirSync(repo.sandbox)).toEqual(['repo']);
    expect(repo.git(['branch', '--list']).trim()).toBe('* main');
  });

  it('creates hostile features under the root through the slug', async () => {
    const { repo, manager, worktreesDir } = setup({});
    for (const [i, hostile] of ['../../x', '--upload-pack=touch /tmp/p', 'a\nb'].entries()) {
      const slug = featureSlug(hostile, hostile);
      const result = await manager.ensure(`feature/${slug}`);
      expect(result.path.startsWith(`${worktreesDir}/`)).toBe(true);
      expect(readdirSync(worktreesDir)).toHaveLength(i + 1);
    }
    expect(readdirSync(repo.sandbox)).toEqual(['repo']);
  });

  it('refuses a worktrees folder that escapes ALLOWED_ROOT through a symlink', async () => {
    const { repo } = setup();
    const outside = join(repo.sandbox, 'outside');
    mkdirSync(outside);
    symlinkSync(outside, join(repo.root, 'wt-link'));
    expect(() => new WorktreeManager({ mainRoot: repo.root, worktreesDir: join(repo.root, 'wt-link'), allowedRoot: repo.root })).toThrow(
      ForbiddenError,
    );
    expect(
      () => new WorktreeManager({ mainRoot: repo.root, worktreesDir: join(repo.sandbox, 'elsewhere'), allowedRoot: repo.root }),
    ).toThrow(ForbiddenError);
    // a symlink planted where the feature folder will go
    const manager = new WorktreeManager({ mainRoot: repo.root, worktreesDir: join(repo.root, '.worktrees'), allowedRoot: repo.root });
    mkdirSync(join(repo.root, '.worktrees'));
    symlinkSync(outside, join(repo.root, '.worktrees', 'feature-planted-1'));
    await expect(manager.ensure('feature/planted-1')).rejects.toThrow(ForbiddenError);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses a folder that already holds other files', async () => {
    const { repo, manager, worktreesDir } = setup();
    repo.write('.worktrees/feature-occupied-1/precious.txt', 'mine\n');
    await expect(manager.ensure('feature/occupied-1')).rejects.toThrow(ConflictError);
    expect(readFileSync(join(worktreesDir, 'feature-occupied-1', 'precious.txt'), 'utf8')).toBe('mine\n');
  });
});

describe('WorktreeManager.remove', () => {
  it('refuses to remove a worktree with uncommitted, untracked and unmerged work, listing them', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('feature/busy-1');
    repo.commit({ 'done.txt': 'committed\n' }, 'unmerged work', wt.path);
    repo.write('src/a.txt', 'changed\n', wt.path);
    repo.write('new/untracked.txt', 'new\n', wt.path);
    const error = await rejection(manager.remove('feature/busy-1', {}));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.details).toMatchObject({
      uncommitted: ['src/a.txt'],
      untracked: ['new/untracked.txt'],
      unmergedCount: 1,
      unmergedCommits: [{ subject: 'unmerged work' }],
    });
    expect(existsSync(join(wt.path, 'new', 'untracked.txt'))).toBe(true);
  });

  it.each([
    ['uncommitted', (repo: TestRepo, path: string) => repo.write('src/a.txt', 'edited\n', path)],
    ['untracked', (repo: TestRepo, path: string) => repo.write('fresh.txt', 'fresh\n', path)],
    ['unmerged', (repo: TestRepo, path: string) => void repo.commit({ 'c.txt': 'c\n' }, 'c', path)],
  ])('refuses with only %s work, also when asked to delete the branch', async (_kind, dirty) => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('feature/one-kind');
    dirty(repo, wt.path);
    await expect(manager.remove('feature/one-kind', { deleteBranch: true })).rejects.toThrow(ConflictError);
    expect(existsSync(wt.path)).toBe(true);
    expect(repo.git(['branch', '--list', 'feature/one-kind']).trim()).not.toBe('');
  });

  it('with force removes the folder but keeps the branch unless asked', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('feature/forced-1');
    const sha = repo.commit({ 'w.txt': 'w\n' }, 'w', wt.path);
    repo.write('junk.txt', 'junk\n', wt.path);
    expect(await manager.remove('feature/forced-1', { force: true })).toEqual({ removed: true, branchDeleted: false });
    expect(existsSync(wt.path)).toBe(false);
    expect(repo.git(['rev-parse', 'feature/forced-1']).trim()).toBe(sha);
    expect(repo.git(['worktree', 'list', '--porcelain'])).not.toContain('forced-1');
    expect(await manager.remove('feature/forced-1', { force: true, deleteBranch: true })).toEqual({ removed: false, branchDeleted: true });
    expect(repo.git(['branch', '--list', 'feature/forced-1']).trim()).toBe('');
  });

  it('removes a clean, fully merged worktree without force and deletes its branch when asked', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('feature/merged-1');
    repo.commit({ 'm.txt': 'm\n' }, 'm', wt.path);
    await manager.merge('feature/merged-1', { strategy: 'squash' });
    expect(await manager.remove('feature/merged-1', { deleteBranch: true })).toEqual({ removed: true, branchDeleted: true });
    expect(existsSync(wt.path)).toBe(false);
  });

  it('refuses to drop commits made on a detached HEAD in the worktree', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('feature/detached-1');
    repo.git(['checkout', '-q', '--detach'], wt.path);
    repo.commit({ 'lost.txt': 'would be lost\n' }, 'detached work', wt.path);
    const error = await rejection(manager.remove('feature/detached-1', {}));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.details).toMatchObject({ unmergedCommits: [{ subject: 'detached work' }] });
    expect(existsSync(wt.path)).toBe(true);
  });

  it('prunes a worktree whose folder was deleted by hand', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('feature/vanished-1');
    rmSync(wt.path, { recursive: true, force: true });
    expect(await manager.remove('feature/vanished-1', {})).toEqual({ removed: true, branchDeleted: false });
    expect(repo.git(['worktree', 'list', '--porcelain'])).not.toContain('vanished-1');
  });

  it('answers NotFound for a feature that never had a worktree', async () => {
    const { manager } = setup();
    await expect(manager.remove('feature/never-1', {})).rejects.toThrow(NotFoundError);
  });
});
