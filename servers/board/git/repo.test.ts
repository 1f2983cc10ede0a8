import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, NotFoundError } from '../../../shared/errors.js';
import { excludeFromGit, listRegisteredWorktrees, locateRepo } from './repo.js';
import { makeRepo, type TestRepo } from './test-repo.js';

const repos: TestRepo[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repo(): TestRepo {
  const r = makeRepo();
  repos.push(r);
  return r;
}

describe('locateRepo', () => {
  it('answers the main checkout from its root and from a subfolder', async () => {
    const r = repo();
    const expected = { mainRoot: r.root, gitCommonDir: join(r.root, '.git'), currentWorktree: r.root };
    expect(await locateRepo(r.root)).toEqual(expected);
    expect(await locateRepo(join(r.root, 'src'))).toEqual(expected);
  });

  it('answers the main checkout from inside a linked worktree', async () => {
    const r = repo();
    const linked = join(r.root, '.worktrees', 'feat-1');
    r.git(['worktree', 'add', '-q', '-b', 'feature/feat-1', linked]);
    mkdirSync(join(linked, 'deep', 'er'), { recursive: true });
    expect(await locateRepo(join(linked, 'deep', 'er'))).toEqual({
      mainRoot: r.root,
      gitCommonDir: join(r.root, '.git'),
      currentWorktree: linked,
    });
  });

  it('resolves symlinks to the repository', async () => {
    const r = repo();
    const alias = join(r.sandbox, 'alias');
    symlinkSync(r.root, alias);
    expect((await locateRepo(alias)).mainRoot).toBe(r.root);
  });

  it('answers NotFound outside any repository and for a missing folder', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'board-norepo-')));
    dirs.push(dir);
    await expect(locateRepo(dir)).rejects.toThrow(NotFoundError);
    await expect(locateRepo(join(dir, 'missing'))).rejects.toThrow(NotFoundError);
  });
});

describe('excludeFromGit', () => {
  it('appends only missing lines to info/exclude and never touches .gitignore', async () => {
    const r = repo();
    const loc = await locateRepo(r.root);
    await excludeFromGit(loc, ['/.worktrees/', '/.automaker/features/']);
    await excludeFromGit(loc, ['/.worktrees/', '/.automaker/features/']);
    const lines = readFileSync(join(r.root, '.git', 'info', 'exclude'), 'utf8').split('\n');
    expect(lines.filter((l) => l === '/.worktrees/')).toHaveLength(1);
    expect(lines.filter((l) => l === '/.automaker/features/')).toHaveLength(1);
    expect(existsSync(join(r.root, '.gitignore'))).toBe(false);
    r.write('.worktrees/x/file.txt', 'x\n');
    expect(r.git(['status', '--porcelain', '--untracked-files=all'])).toBe('');
  });

  it('writes to the common git dir when called from a linked worktree', async () => {
    const r = repo();
    const linked = join(r.root, '.worktrees', 'feat-2');
    r.git(['worktree', 'add', '-q', '-b', 'feature/feat-2', linked]);
    await excludeFromGit(await locateRepo(linked), ['/scratch/']);
    expect(readFileSync(join(r.root, '.git', 'info', 'exclude'), 'utf8')).toContain('/scratch/\n');
  });

  it('refuses a pattern that would smuggle in a second line', async () => {
    const r = repo();
    await expect(excludeFromGit(await locateRepo(r.root), ['ok\n!important'])).rejects.toThrow(InputError);
  });
});

describe('listRegisteredWorktrees', () => {
  it('parses branches, detached heads, locks and missing folders', async () => {
    const r = repo();
    r.git(['worktree', 'add', '-q', '-b', 'feature/a', join(r.root, 'wa')]);
    r.git(['worktree', 'add', '-q', '--detach', join(r.root, 'wb')]);
    r.git(['worktree', 'lock', '--reason', 'in use', join(r.root, 'wb')]);
    r.git(['worktree', 'add', '-q', '-b', 'feature/c', join(r.root, 'wc')]);
    rmSync(join(r.root, 'wc'), { recursive: true, force: true });
    const list = await listRegisteredWorktrees(r.root);
    expect(list[0]).toMatchObject({ path: r.root, branch: 'main', bare: false });
    expect(list.find((w) => w.path.endsWith('/wa'))).toMatchObject({ branch: 'feature/a' });
    expect(list.find((w) => w.path.endsWith('/wb'))).toMatchObject({ locked: 'in use' });
    expect(list.find((w) => w.path.endsWith('/wb'))?.branch).toBeUndefined();
    expect(list.find((w) => w.path.endsWith('/wc'))?.prunable).toBeTruthy();
  });
});
