import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import { gitProcessesStarted } from './run-git.js';
import { cleanUpReposAfterEach, rejection, setup, snapshot } from './worktrees-test-kit.js';

cleanUpReposAfterEach();

describe('WorktreeManager.merge', () => {
  async function prepared(strategy: 'merge' | 'squash' | 'rebase') {
    const ctx = setup();
    const wt = await ctx.manager.ensure(`feature/f-${strategy}`);
    ctx.repo.commit({ 'feature/one.txt': 'one\n' }, 'feature one', wt.path);
    ctx.repo.commit({ 'feature/two.txt': 'two\n' }, 'feature two', wt.path);
    ctx.repo.commit({ 'README.md': '# test\nbase moved on\n' }, 'base moves on');
    return { ...ctx, wt };
  }

  it('merges with a two-parent merge commit and brings the clean main checkout along', async () => {
    const { repo, manager, wt } = await prepared('merge');
    const before = repo.git(['rev-parse', 'main']).trim();
    const result = await manager.merge('feature/f-merge', { strategy: 'merge' });
    expect(result).toMatchObject({ strategy: 'merge', base: 'main', upToDate: false });
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(result.mergeCommit);
    expect(repo.git(['log', '-1', '--format=%P', 'main']).trim()).toBe(`${before} ${repo.git(['rev-parse', 'HEAD'], wt.path).trim()}`);
    expect(readFileSync(join(repo.root, 'feature', 'two.txt'), 'utf8')).toBe('two\n');
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('squashes into one single-parent commit with the given message', async () => {
    const { repo, manager } = await prepared('squash');
    const before = repo.git(['rev-parse', 'main']).trim();
    const result = await manager.merge('feature/f-squash', { strategy: 'squash', message: '--upload-pack=touch /tmp/p squash' });
    expect(repo.git(['log', '-1', '--format=%P%n%s', 'main']).trim()).toBe(`${before}\n--upload-pack=touch /tmp/p squash`);
    expect(result.mergeCommit).toBe(repo.git(['rev-parse', 'main']).trim());
    expect(repo.git(['show', 'main:feature/one.txt'])).toBe('one\n');
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('rebases the feature commits onto the base as a linear history, authors kept', async () => {
    const { repo, manager } = await prepared('rebase');
    const before = repo.git(['rev-parse', 'main']).trim();
    const result = await manager.merge('feature/f-rebase', { strategy: 'rebase' });
    expect(
      repo
        .git(['log', '--format=%s', `${before}..main`])
        .trim()
        .split('\n'),
    ).toEqual(['feature two', 'feature one']);
    expect(repo.git(['rev-list', '--merges', `${before}..main`]).trim()).toBe('');
    expect(repo.git(['log', '-1', '--format=%an', 'main']).trim()).toBe('Board Test');
    expect(result.mergeCommit).toBe(repo.git(['rev-parse', 'main']).trim());
    expect(readFileSync(join(repo.root, 'feature', 'one.txt'), 'utf8')).toBe('one\n');
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('fast-forwards on rebase when the base has not moved, and reports up to date afterwards', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('feature/ff-1');
    const sha = repo.commit({ 'ff.txt': 'ff\n' }, 'ff', wt.path);
    expect((await manager.merge('feature/ff-1', { strategy: 'rebase' })).mergeCommit).toBe(sha);
    expect(await manager.merge('feature/ff-1', { strategy: 'merge' })).toMatchObject({ mergeCommit: sha, upToDate: true });
  });

  it.each(['merge', 'squash', 'rebase'] as const)('aborts a conflicting %s: base ref and main checkout unchanged', async (strategy) => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('feature/clash-1');
    repo.commit({ 'src/a.txt': 'one\nFEATURE\nthree\n' }, 'feature edit', wt.path);
    repo.commit({ 'src/a.txt': 'one\nBASE\nthree\n' }, 'base edit');
    repo.write('local-untracked.txt', 'local\n');
    const before = snapshot(repo);
    const error = await rejection(manager.merge('feature/clash-1', { strategy }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.details).toMatchObject({ files: ['src/a.txt'] });
    expect(snapshot(repo)).toEqual(before);
    expect(existsSync(join(repo.root, '.git', 'MERGE_HEAD'))).toBe(false);
  });

  it('keeps uncommitted edits in the main checkout to files the merge does not change, as git merge does', async () => {
    const { repo, manager } = await prepared('merge');
    repo.write('src/a.txt', 'edited, not committed\n');
    repo.write('README.md', '# test\nbase moved on\nstaged line\n');
    repo.git(['add', 'README.md']);
    const result = await manager.merge('feature/f-merge', { strategy: 'merge' });
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(result.mergeCommit);
    expect(readFileSync(join(repo.root, 'feature', 'two.txt'), 'utf8')).toBe('two\n');
    expect(readFileSync(join(repo.root, 'src', 'a.txt'), 'utf8')).toBe('edited, not committed\n');
    expect(repo.git(['status', '--porcelain']).split('\n').filter(Boolean).sort()).toEqual([' M src/a.txt', 'M  README.md']);
  });

  it('refuses, changing nothing, when the main checkout has uncommitted edits to a file the merge changes', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('feature/edits-a');
    repo.commit({ 'src/a.txt': 'one\ntwo\nthree\nfour\n' }, 'feature edits a', wt.path);
    repo.commit({ 'README.md': '# test\nbase moved on\n' }, 'base moves on');
    repo.write('src/a.txt', 'my own edit\n');
    const before = snapshot(repo);
    const error = await rejection(manager.merge('feature/edits-a', { strategy: 'merge' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain('commit or stash');
    expect(error.details).toMatchObject({ files: ['src/a.txt'] });
    expect(snapshot(repo)).toEqual(before);
    expect(readFileSync(join(repo.root, 'src', 'a.txt'), 'utf8')).toBe('my own edit\n');
  });

  it('refuses, changing nothing, when the merge would overwrite untracked files in the main checkout', async () => {
    const { repo, manager } = await prepared('merge');
    repo.write('feature/one.txt', 'my own untracked file\n');
    const before = snapshot(repo);
    const error = await rejection(manager.merge('feature/f-merge', { strategy: 'merge' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.details).toMatchObject({ files: ['feature/one.txt'] });
    expect(snapshot(repo)).toEqual(before);
    expect(readFileSync(join(repo.root, 'feature', 'one.txt'), 'utf8')).toBe('my own untracked file\n');
  });

  it('refuses while the feature worktree has uncommitted or untracked files', async () => {
    const { repo, manager, wt } = await prepared('merge');
    repo.write('forgotten.txt', 'not added\n', wt.path);
    const before = snapshot(repo);
    const error = await rejection(manager.merge('feature/f-merge', { strategy: 'squash' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.details).toMatchObject({ untracked: ['forgotten.txt'] });
    expect(snapshot(repo)).toEqual(before);
  });

  it('refuses on an untracked folder in the feature worktree, naming the folder once', async () => {
    const { repo, manager, wt } = await prepared('merge');
    repo.write('scratch/a.txt', 'a\n', wt.path);
    repo.write('scratch/deep/b.txt', 'b\n', wt.path);
    const before = snapshot(repo);
    const error = await rejection(manager.merge('feature/f-merge', { strategy: 'merge' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.details).toMatchObject({ untracked: ['scratch/'] });
    expect(snapshot(repo)).toEqual(before);
  });

  it('squashes with a message listing the feature commits when none is given', async () => {
    const { repo, manager } = await prepared('squash');
    await manager.merge('feature/f-squash', { strategy: 'squash' });
    expect(repo.git(['log', '-1', '--format=%B', 'main']).trim()).toBe('Squashed feature/f-squash\n\n* feature two\n* feature one');
  });

  it("never starts git's auto maintenance (a gc) inside the merge", async () => {
    const { repo, manager } = await prepared('merge');
    const packs = () => readdirSync(join(repo.root, '.git', 'objects', 'pack')).filter((f) => f.endsWith('.pack')).length;
    repo.git(['repack', '-q']);
    repo.commit({ 'more.txt': 'more\n' }, 'more');
    repo.git(['repack', '-q']);
    expect(packs()).toBe(2);
    // more packs than the limit: git's auto maintenance would repack them into one, here and now
    repo.git(['config', 'gc.autoPackLimit', '1']);
    repo.git(['config', 'gc.autoDetach', 'false']);
    await manager.merge('feature/f-merge', { strategy: 'merge' });
    expect(packs()).toBe(2);
  });

  it('starts four git processes when the merge changes nothing the board owns: the worktree check, merge-tree, commit-tree, the fast-forward', async () => {
    const { repo, manager } = await prepared('merge');
    const before = gitProcessesStarted();
    const result = await manager.merge('feature/f-merge', { strategy: 'merge' });
    expect(gitProcessesStarted() - before).toBe(4);
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(result.mergeCommit);
  });

  it('merges the same when the base commit is packed (git is asked what changed)', async () => {
    const { repo, manager } = await prepared('squash');
    repo.git(['repack', '-a', '-d', '-q']);
    repo.git(['prune-packed']);
    const before = gitProcessesStarted();
    const result = await manager.merge('feature/f-squash', { strategy: 'squash', message: 'squashed' });
    expect(gitProcessesStarted() - before).toBe(5); // and diff-tree
    expect(repo.git(['show', `${result.mergeCommit}:feature/two.txt`])).toBe('two\n');
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it.each(['merge', 'squash'] as const)(
    "reports up to date, creating nothing, when the base already has the feature's changes (%s)",
    async (strategy) => {
      const { repo, manager } = await prepared(strategy);
      repo.commit({ 'feature/one.txt': 'one\n', 'feature/two.txt': 'two\n' }, 'the same changes, made on the base');
      const head = repo.git(['rev-parse', 'main']).trim();
      expect(await manager.merge(`feature/f-${strategy}`, { strategy })).toMatchObject({ mergeCommit: head, upToDate: true });
      expect(repo.git(['rev-parse', 'main']).trim()).toBe(head);
    },
  );

  it('refuses a branch that brings in the board’s files under a spelling macOS checks out at .automaker/', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('feature/spelled');
    repo.commit({ '.Automaker/features/victim/feature.json': '{"status":"done"}\n', 'src/b.txt': 'b\n' }, 'spelled', wt.path);
    const before = snapshot(repo);
    const error = await rejection(manager.merge('feature/spelled', { strategy: 'merge' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.details).toMatchObject({ files: ['.Automaker/features/victim/feature.json'] });
    expect(snapshot(repo)).toEqual(before);
  });

  it('moves only the ref when the main checkout is on another branch', async () => {
    const { repo, manager } = await prepared('merge');
    repo.git(['checkout', '-q', '-b', 'elsewhere']);
    repo.write('scratch.txt', 'local work\n');
    const status = repo.git(['status', '--porcelain']);
    const result = await manager.merge('feature/f-merge', { strategy: 'merge' });
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
      manager.merge('feature/f-merge', {
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
    await expect(manager.merge('feature/f-rebase', { strategy: 'rebase', signal: controller.signal })).rejects.toThrow();
    expect(snapshot(repo)).toEqual(before);
  });
});

describe('WorktreeManager.status and list', () => {
  it('reports changes with stats, untracked files, ahead/behind and a clean merge check', async () => {
    const { repo, manager } = setup();
    const wt = await manager.ensure('feature/stat-1');
    repo.commit({ 'src/a.txt': 'one\ntwo\nthree\nfour\n', 'added.txt': 'x\ny\n' }, 'feature', wt.path);
    repo.write('README.md', '# changed\n', wt.path);
    repo.write('loose.txt', 'loose\n', wt.path);
    repo.commit({ 'other.txt': 'base\n' }, 'base');
    const status = await manager.status('feature/stat-1');
    expect(status).toMatchObject({
      branch: 'feature/stat-1',
      path: wt.path,
      base: 'main',
      ahead: 1,
      behind: 1,
      mergesCleanly: true,
      conflicts: [],
      untracked: ['loose.txt'],
      uncommitted: ['README.md'],
    });
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
    const wt = await manager.ensure('feature/stat-2');
    repo.commit({ 'src/a.txt': 'one\nF\nthree\n' }, 'f', wt.path);
    repo.commit({ 'src/a.txt': 'one\nB\nthree\n' }, 'b');
    const before = [snapshot(repo), repo.git(['status', '--porcelain'], wt.path)];
    expect(await manager.status('feature/stat-2')).toMatchObject({ mergesCleanly: false, conflicts: ['src/a.txt'] });
    expect([snapshot(repo), repo.git(['status', '--porcelain'], wt.path)]).toEqual(before);
  });

  it('lists feature worktrees and flags orphans both ways', async () => {
    const { repo, manager, worktreesDir } = setup();
    const known = await manager.ensure('feature/known-1');
    repo.commit({ 'k.txt': 'k\n' }, 'k', known.path);
    repo.write('dirty.txt', 'd\n', known.path);
    repo.git(['worktree', 'add', '-q', '-b', 'stray', join(worktreesDir, 'stray')]);
    const gone = await manager.ensure('feature/gone-1');
    rmSync(gone.path, { recursive: true, force: true });
    const list = await manager.list([
      { featureId: 'F1', branch: 'feature/known-1' },
      { featureId: 'F2', branch: 'feature/gone-1' },
      { featureId: 'F3', branch: 'feature/never-created' },
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
    const wt = await manager.ensure('feature/head-1');
    expect(await manager.headSha('feature/head-1')).toBe(wt.baseSha);
    const sha = repo.commit({ 'h.txt': 'h\n' }, 'h', wt.path);
    expect(await manager.headSha('feature/head-1')).toBe(sha);
    await expect(manager.headSha('feature/missing-1')).rejects.toThrow(NotFoundError);
  });
});
