import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, ConflictError, ForbiddenError, InputError, NotFoundError } from '../../../shared/errors.js';
import { featureSlug } from './sanitize.js';
import { makeRepo, type TestRepo } from './test-repo.js';
import { WorktreeManager } from './worktrees.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

function setup(extra: Partial<ConstructorParameters<typeof WorktreeManager>[0]> = {}) {
  const repo = makeRepo();
  repos.push(repo);
  const worktreesDir = join(repo.root, '.worktrees');
  const manager = new WorktreeManager({ mainRoot: repo.root, worktreesDir, ...extra });
  return { repo, manager, worktreesDir };
}

async function rejection(promise: Promise<unknown>): Promise<Error & { details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const snapshot = (repo: TestRepo) => ({
  main: repo.git(['rev-parse', 'refs/heads/main']).trim(),
  status: repo.git(['status', '--porcelain', '--untracked-files=all']),
  head: repo.git(['symbolic-ref', 'HEAD']).trim(),
});

describe('WorktreeManager.ensure', () => {
  it('creates the feature worktree on feature/<slug> from the base branch, excluded from git', async () => {
    const { repo, manager, worktreesDir } = setup();
    const slug = featureSlug('feature-1779776805064-k3j9x2a1b', 'Add login');
    const steps: string[] = [];
    const result = await manager.ensure(slug, { progress: (_d, _t, m) => steps.push(m) });
    expect(result).toMatchObject({ path: join(worktreesDir, slug), branch: `feature/${slug}`, base: 'main', created: true });
    expect(result.baseSha).toBe(repo.git(['rev-parse', 'main']).trim());
    expect(repo.git(['symbolic-ref', '--short', 'HEAD'], result.path).trim()).toBe(`feature/${slug}`);
    expect(repo.git(['rev-parse', 'HEAD'], result.path).trim()).toBe(result.baseSha);
    expect(readFileSync(join(repo.root, '.git', 'info', 'exclude'), 'utf8')).toContain('/.worktrees/');
    expect(repo.git(['status', '--porcelain', '--untracked-files=all'])).toBe('');
    expect(steps.length).toBeGreaterThan(1);
  });

  it('reuses the same worktree when called again', async () => {
    const { repo, manager } = setup();
    const first = await manager.ensure('login-abc');
    repo.commit({ 'feature.txt': 'work\n' }, 'work', first.path);
    const second = await manager.ensure('login-abc');
    expect(second).toMatchObject({ path: first.path, branch: first.branch, created: false, baseSha: first.baseSha });
    expect(repo.git(['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(2);
  });

  it('recreates a removed worktree on its kept branch, work intact', async () => {
    const { repo, manager } = setup();
    const first = await manager.ensure('keep-me');
    const sha = repo.commit({ 'kept.txt': 'kept\n' }, 'kept work', first.path);
    await manager.remove('keep-me', { force: true });
    const again = await manager.ensure('keep-me');
    expect(again.created).toBe(true);
    expect(repo.git(['rev-parse', 'HEAD'], again.path).trim()).toBe(sha);
  });

  it('two concurrent ensures of one feature end with one worktree, created once', async () => {
    const { repo, manager } = setup();
    const results = await Promise.all([manager.ensure('race-1'), manager.ensure('race-1'), manager.ensure('race-1')]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.path)).size).toBe(1);
    expect(repo.git(['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(2);
  });

  it('a cancelled creation leaves no folder, registration or branch behind', async () => {
    const { repo, manager, worktreesDir } = setup();
    const controller = new AbortController();
    const attempt = manager.ensure('cancelled-1', {
      signal: controller.signal,
      progress: (_d, _t, message) => {
        if (message.startsWith('creating')) controller.abort(new Error('cancelled by the client'));
      },
    });
    await expect(attempt).rejects.toThrow();
    expect(existsSync(join(worktreesDir, 'cancelled-1'))).toBe(false);
    expect(repo.git(['worktree', 'list', '--porcelain'])).not.toContain('cancelled-1');
    expect(repo.git(['branch', '--list', 'feature/cancelled-1']).trim()).toBe('');
  });

  it('branches from BOARD_BASE_BRANCH when configured', async () => {
    const { repo, manager } = setup({ baseBranch: 'develop' });
    repo.git(['branch', 'develop']);
    repo.git(['checkout', '-q', 'develop']);
    const developSha = repo.commit({ 'dev.txt': 'dev\n' }, 'on develop');
    repo.git(['checkout', '-q', 'main']);
    const result = await manager.ensure('from-develop');
    expect(result).toMatchObject({ base: 'develop', baseSha: developSha });
    expect(existsSync(join(result.path, 'dev.txt'))).toBe(true);
  });

  it('finds the default branch even when the main checkout is on another branch', async () => {
    const { repo, manager } = setup();
    repo.git(['checkout', '-q', '-b', 'experiment']);
    repo.commit({ 'x.txt': 'x\n' }, 'experiment');
    expect(await manager.baseBranch()).toBe('main');
    const result = await manager.ensure('defaults');
    expect(result.baseSha).toBe(repo.git(['rev-parse', 'main']).trim());
  });

  it('refuses a configured base branch that does not exist or is not a valid name', async () => {
    const { repo } = setup();
    await expect(new WorktreeManager({ mainRoot: repo.root, worktreesDir: join(repo.root, '.w'), baseBranch: 'nope' }).ensure('a1')).rejects.toThrow(NotFoundError);
    expect(() => new WorktreeManager({ mainRoot: repo.root, worktreesDir: join(repo.root, '.w'), baseBranch: '--upload-pack=touch /tmp/p' })).toThrow(ConfigError);
  });

  it('takes a relative worktrees folder as relative to the main checkout', async () => {
    const { repo } = setup();
    const manager = new WorktreeManager({ mainRoot: repo.root, worktreesDir: '.trees' });
    expect((await manager.ensure('rel-1')).path).toBe(join(repo.root, '.trees', 'rel-1'));
    expect(readFileSync(join(repo.root, '.git', 'info', 'exclude'), 'utf8')).toContain('/.trees/');
  });

  it.each(['../../x', '-x', '--upload-pack=touch /tmp/p', 'a..b', 'x.lock', 'a\nb', 'ｆｅａｔ', 'x'.repeat(300), '', '...'])(
    'refuses the hostile slug %j and creates nothing',
    async (slug) => {
      const { repo, manager } = setup();
      await expect(manager.ensure(slug)).rejects.toThrow(InputError);
      expect(readdirSync(repo.sandbox)).toEqual(['repo']);
      expect(repo.git(['branch', '--list']).trim()).toBe('* main');
    },
  );

  it('creates hostile features under the root through the slug', async () => {
    const { repo, manager, worktreesDir } = setup({});
    for (const [i, hostile] of ['../../x', '--upload-pack=touch /tmp/p', 'a\nb'].entries()) {
      const slug = featureSlug(hostile, hostile);
      const result = await manager.ensure(slug);
      expect(result.path.startsWith(`${worktreesDir}/`)).toBe(true);
      expect(readdirSync(worktreesDir)).toHaveLength(i + 1);
    }
    expect(readdirSync(repo.sandbox)).toEqual(['repo']);
  });

  it('refuses a worktrees folder that escapes ALLOWED_ROOT through a symlink', async () => {
    const repo = makeRepo();
    repos.push(repo);
    const outside = join(repo.sandbox, 'outside');
    mkdirSync(outside);
    symlinkSync(outside, join(repo.root, 'wt-link'));
    expect(() => new WorktreeManager({ mainRoot: repo.root, worktreesDir: join(repo.root, 'wt-link'), allowedRoot: repo.root })).toThrow(ForbiddenError);
    expect(() => new WorktreeManager({ mainRoot: repo.root, worktreesDir: join(repo.sandbox, 'elsewhere'), allowedRoot: repo.root })).toThrow(ForbiddenError);
    // a symlink planted where the feature folder will go
    const manager = new WorktreeManager({ mainRoot: repo.root, worktreesDir: join(repo.root, '.worktrees'), allowedRoot: repo.root });
    mkdirSync(join(repo.root, '.worktrees'));
    symlinkSync(outside, join(repo.root, '.worktrees', 'planted-1'));
    await expect(manager.ensure('planted-1')).rejects.toThrow(ForbiddenError);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses a folder that already holds other files', async () => {
    const { repo, manager, worktreesDir } = setup();
    repo.write('.worktrees/occupied-1/precious.txt', 'mine\n');
    await expect(manager.ensure('occupied-1')).rejects.toThrow(ConflictError);
    expect(readFileSync(join(worktreesDir, 'occupied-1', 'precious.txt'), 'utf8')).toBe('mine\n');
  });
});

describe('WorktreeManager.remove', () => {
  it('refuses to remove a worktree with uncommitted, untracked and unmerged work, listing them', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('busy-1');
    repo.commit({ 'done.txt': 'committed\n' }, 'unmerged work', wt.path);
    repo.write('src/a.txt', 'changed\n', wt.path);
    repo.write('new/untracked.txt', 'new\n', wt.path);
    const error = await rejection(manager.remove('busy-1', {}));
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
    const wt = await manager.ensure('one-kind');
    dirty(repo, wt.path);
    await expect(manager.remove('one-kind', { deleteBranch: true })).rejects.toThrow(ConflictError);
    expect(existsSync(wt.path)).toBe(true);
    expect(repo.git(['branch', '--list', 'feature/one-kind']).trim()).not.toBe('');
  });

  it('with force removes the folder but keeps the branch unless asked', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('forced-1');
    const sha = repo.commit({ 'w.txt': 'w\n' }, 'w', wt.path);
    repo.write('junk.txt', 'junk\n', wt.path);
    expect(await manager.remove('forced-1', { force: true })).toEqual({ removed: true, branchDeleted: false });
    expect(existsSync(wt.path)).toBe(false);
    expect(repo.git(['rev-parse', 'feature/forced-1']).trim()).toBe(sha);
    expect(repo.git(['worktree', 'list', '--porcelain'])).not.toContain('forced-1');
    expect(await manager.remove('forced-1', { force: true, deleteBranch: true })).toEqual({ removed: false, branchDeleted: true });
    expect(repo.git(['branch', '--list', 'feature/forced-1']).trim()).toBe('');
  });

  it('removes a clean, fully merged worktree without force and deletes its branch when asked', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('merged-1');
    repo.commit({ 'm.txt': 'm\n' }, 'm', wt.path);
    await manager.merge('merged-1', { strategy: 'squash' });
    expect(await manager.remove('merged-1', { deleteBranch: true })).toEqual({ removed: true, branchDeleted: true });
    expect(existsSync(wt.path)).toBe(false);
  });

  it('refuses to drop commits made on a detached HEAD in the worktree', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('detached-1');
    repo.git(['checkout', '-q', '--detach'], wt.path);
    repo.commit({ 'lost.txt': 'would be lost\n' }, 'detached work', wt.path);
    const error = await rejection(manager.remove('detached-1', {}));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.details).toMatchObject({ unmergedCommits: [{ subject: 'detached work' }] });
    expect(existsSync(wt.path)).toBe(true);
  });

  it('prunes a worktree whose folder was deleted by hand', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('vanished-1');
    rmSync(wt.path, { recursive: true, force: true });
    expect(await manager.remove('vanished-1', {})).toEqual({ removed: true, branchDeleted: false });
    expect(repo.git(['worktree', 'list', '--porcelain'])).not.toContain('vanished-1');
  });

  it('answers NotFound for a feature that never had a worktree', async () => {
    const { manager } = setup();
    await expect(manager.remove('never-1', {})).rejects.toThrow(NotFoundError);
  });
});

describe('WorktreeManager.merge', () => {
  async function prepared(strategy: 'merge' | 'squash' | 'rebase') {
    const ctx = setup();
    const wt = await ctx.manager.ensure(`f-${strategy}`);
    ctx.repo.commit({ 'feature/one.txt': 'one\n' }, 'feature one', wt.path);
    ctx.repo.commit({ 'feature/two.txt': 'two\n' }, 'feature two', wt.path);
    ctx.repo.commit({ 'README.md': '# test\nbase moved on\n' }, 'base moves on');
    return { ...ctx, wt };
  }

  it('merges with a two-parent merge commit and brings the clean main checkout along', async () => {
    const { repo, manager, wt } = await prepared('merge');
    const before = repo.git(['rev-parse', 'main']).trim();
    const result = await manager.merge('f-merge', { strategy: 'merge' });
    expect(result).toMatchObject({ strategy: 'merge', base: 'main', upToDate: false });
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(result.mergeCommit);
    expect(repo.git(['log', '-1', '--format=%P', 'main']).trim()).toBe(`${before} ${repo.git(['rev-parse', 'HEAD'], wt.path).trim()}`);
    expect(readFileSync(join(repo.root, 'feature', 'two.txt'), 'utf8')).toBe('two\n');
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('squashes into one single-parent commit with the given message', async () => {
    const { repo, manager } = await prepared('squash');
    const before = repo.git(['rev-parse', 'main']).trim();
    const result = await manager.merge('f-squash', { strategy: 'squash', message: '--upload-pack=touch /tmp/p squash' });
    expect(repo.git(['log', '-1', '--format=%P%n%s', 'main']).trim()).toBe(`${before}\n--upload-pack=touch /tmp/p squash`);
    expect(result.mergeCommit).toBe(repo.git(['rev-parse', 'main']).trim());
    expect(repo.git(['show', 'main:feature/one.txt'])).toBe('one\n');
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('rebases the feature commits onto the base as a linear history, authors kept', async () => {
    const { repo, manager } = await prepared('rebase');
    const before = repo.git(['rev-parse', 'main']).trim();
    const result = await manager.merge('f-rebase', { strategy: 'rebase' });
    expect(repo.git(['log', '--format=%s', `${before}..main`]).trim().split('\n')).toEqual(['feature two', 'feature one']);
    expect(repo.git(['rev-list', '--merges', `${before}..main`]).trim()).toBe('');
    expect(repo.git(['log', '-1', '--format=%an', 'main']).trim()).toBe('Board Test');
    expect(result.mergeCommit).toBe(repo.git(['rev-parse', 'main']).trim());
    expect(readFileSync(join(repo.root, 'feature', 'one.txt'), 'utf8')).toBe('one\n');
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('fast-forwards on rebase when the base has not moved, and reports up to date afterwards', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('ff-1');
    const sha = repo.commit({ 'ff.txt': 'ff\n' }, 'ff', wt.path);
    expect((await manager.merge('ff-1', { strategy: 'rebase' })).mergeCommit).toBe(sha);
    expect(await manager.merge('ff-1', { strategy: 'merge' })).toMatchObject({ mergeCommit: sha, upToDate: true });
  });

  it.each(['merge', 'squash', 'rebase'] as const)('aborts a conflicting %s: base ref and main checkout unchanged', async (strategy) => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('clash-1');
    repo.commit({ 'src/a.txt': 'one\nFEATURE\nthree\n' }, 'feature edit', wt.path);
    repo.commit({ 'src/a.txt': 'one\nBASE\nthree\n' }, 'base edit');
    repo.write('local-untracked.txt', 'local\n');
    const before = snapshot(repo);
    const error = await rejection(manager.merge('clash-1', { strategy }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.details).toMatchObject({ files: ['src/a.txt'] });
    expect(snapshot(repo)).toEqual(before);
    expect(existsSync(join(repo.root, '.git', 'MERGE_HEAD'))).toBe(false);
  });

  it('refuses when the main checkout has the base branch checked out with uncommitted changes', async () => {
    const { repo, manager } = await prepared('merge');
    repo.write('src/a.txt', 'dirty\n');
    const before = snapshot(repo);
    const error = await rejection(manager.merge('f-merge', { strategy: 'merge' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain('uncommitted changes');
    expect(error.details).toMatchObject({ files: ['src/a.txt'] });
    expect(snapshot(repo)).toEqual(before);
  });

  it('refuses, changing nothing, when the merge would overwrite untracked files in the main checkout', async () => {
    const { repo, manager } = await prepared('merge');
    repo.write('feature/one.txt', 'my own untracked file\n');
    const before = snapshot(repo);
    const error = await rejection(manager.merge('f-merge', { strategy: 'merge' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.details).toMatchObject({ files: ['feature/one.txt'] });
    expect(snapshot(repo)).toEqual(before);
    expect(readFileSync(join(repo.root, 'feature', 'one.txt'), 'utf8')).toBe('my own untracked file\n');
  });

  it('refuses while the feature worktree has uncommitted or untracked files', async () => {
    const { repo, manager, wt } = await prepared('merge');
    repo.write('forgotten.txt', 'not added\n', wt.path);
    const before = snapshot(repo);
    const error = await rejection(manager.merge('f-merge', { strategy: 'squash' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.details).toMatchObject({ untracked: ['forgotten.txt'] });
    expect(snapshot(repo)).toEqual(before);
  });

  it('moves only the ref when the main checkout is on another branch', async () => {
    const { repo, manager } = await prepared('merge');
    repo.git(['checkout', '-q', '-b', 'elsewhere']);
    repo.write('scratch.txt', 'local work\n');
    const status = repo.git(['status', '--porcelain']);
    const result = await manager.merge('f-merge', { strategy: 'merge' });
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(result.mergeCommit);
    expect(repo.git(['symbolic-ref', '--short', 'HEAD']).trim()).toBe('elsewhere');
    expect(repo.git(['status', '--porcelain'])).toBe(status);
    expect(existsSync(join(repo.root, 'feature', 'one.txt'))).toBe(false);
  });

  it.each([
    ['checked out in the main checkout', false],
    ['not checked out anywhere', true],
  ])('never overwrites a base branch that moved during the merge (%s)', async (_case, switchAway) => {
    const { repo, manager } = await prepared('merge');
    if (switchAway) repo.git(['checkout', '-q', '-b', 'elsewhere']);
    let moved = '';
    const error = await rejection(
      manager.merge('f-merge', {
        strategy: 'merge',
        progress: (_d, _t, message) => {
          if (!message.startsWith('moving')) return;
          if (switchAway) {
            repo.git(['branch', '-f', 'main', 'main~1']);
            moved = repo.git(['rev-parse', 'main']).trim();
          } else {
            moved = repo.commit({ 'concurrent.txt': 'someone else\n' }, 'concurrent commit');
          }
        },
      }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(moved);
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('honours cancellation before moving the base', async () => {
    const { repo, manager } = await prepared('rebase');
    const before = snapshot(repo);
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(manager.merge('f-rebase', { strategy: 'rebase', signal: controller.signal })).rejects.toThrow();
    expect(snapshot(repo)).toEqual(before);
  });
});

describe('WorktreeManager.status and list', () => {
  it('reports changes with stats, untracked files, ahead/behind and a clean merge check', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('stat-1');
    repo.commit({ 'src/a.txt': 'one\ntwo\nthree\nfour\n', 'added.txt': 'x\ny\n' }, 'feature', wt.path);
    repo.write('README.md', '# changed\n', wt.path);
    repo.write('loose.txt', 'loose\n', wt.path);
    repo.commit({ 'other.txt': 'base\n' }, 'base');
    const status = await manager.status('stat-1');
    expect(status).toMatchObject({ branch: 'feature/stat-1', path: wt.path, base: 'main', ahead: 1, behind: 1, mergesCleanly: true, conflicts: [], untracked: ['loose.txt'], uncommitted: ['README.md'] });
    expect(status.changed).toEqual(
      expect.arrayContaining([
        { path: 'src/a.txt', status: 'M', added: 1, removed: 0 },
        { path: 'added.txt', status: 'A', added: 2, removed: 0 },
        { path: 'README.md', status: 'M', added: 1, removed: 1 },
      ]),
    );
    expect(status.head).toBe(repo.git(['rev-parse', 'HEAD'], wt.path).trim());
  });

  it('reports the conflicting files without touching any working tree', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('stat-2');
    repo.commit({ 'src/a.txt': 'one\nF\nthree\n' }, 'f', wt.path);
    repo.commit({ 'src/a.txt': 'one\nB\nthree\n' }, 'b');
    const before = [snapshot(repo), repo.git(['status', '--porcelain'], wt.path)];
    expect(await manager.status('stat-2')).toMatchObject({ mergesCleanly: false, conflicts: ['src/a.txt'] });
    expect([snapshot(repo), repo.git(['status', '--porcelain'], wt.path)]).toEqual(before);
  });

  it('lists feature worktrees and flags orphans both ways', async () => {
    const { repo, manager, worktreesDir } = setup();
    const known = await manager.ensure('known-1');
    repo.commit({ 'k.txt': 'k\n' }, 'k', known.path);
    repo.write('dirty.txt', 'd\n', known.path);
    repo.git(['worktree', 'add', '-q', '-b', 'stray', join(worktreesDir, 'stray')]);
    const gone = await manager.ensure('gone-1');
    rmSync(gone.path, { recursive: true, force: true });
    const list = await manager.list([
      { featureId: 'F1', slug: 'known-1' },
      { featureId: 'F2', slug: 'gone-1' },
      { featureId: 'F3', slug: 'never-created' },
    ]);
    expect(list.find((e) => e.featureId === 'F1')).toMatchObject({ branch: 'feature/known-1', dirtyFiles: 1, ahead: 1, behind: 0 });
    expect(list.find((e) => e.featureId === 'F1')?.orphan).toBeUndefined();
    expect(list.find((e) => e.featureId === 'F1')?.lastCommitAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(list.find((e) => e.branch === 'stray')).toMatchObject({ orphan: 'no-feature' });
    expect(list.find((e) => e.featureId === 'F2')).toMatchObject({ orphan: 'folder-missing' });
    expect(list.find((e) => e.featureId === 'F3')).toMatchObject({ orphan: 'folder-missing' });
    expect(list.some((e) => e.path === repo.root)).toBe(false);
  });

  it('headSha follows new commits on the feature branch', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('head-1');
    expect(await manager.headSha('head-1')).toBe(wt.baseSha);
    const sha = repo.commit({ 'h.txt': 'h\n' }, 'h', wt.path);
    expect(await manager.headSha('head-1')).toBe(sha);
    await expect(manager.headSha('missing-1')).rejects.toThrow(NotFoundError);
  });
});
