import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listRegisteredWorktrees, locateRepo, type RegisteredWorktree } from './repo.js';
import { makeRepo, type TestRepo } from './test-repo.js';
import { readRegisteredWorktrees } from './worktree-registry.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

/** What both readers must agree on (git's prunable wording aside); a branch entry's head is git's only. */
const comparable = (w: RegisteredWorktree) => ({
  path: w.path,
  branch: w.branch,
  head: w.branch === undefined ? w.head : undefined,
  locked: w.locked,
  prunable: Boolean(w.prunable),
});
const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);

describe('readRegisteredWorktrees', () => {
  it('reads what git worktree list says: branches, detached heads, locks with and without a reason, missing folders', async () => {
    const r = makeRepo();
    repos.push(r);
    r.git(['worktree', 'add', '-q', '-b', 'feature/a', join(r.root, 'wa')]);
    r.git(['worktree', 'add', '-q', '--detach', join(r.root, 'wb')]);
    r.git(['worktree', 'lock', '--reason', 'in use', join(r.root, 'wb')]);
    r.git(['worktree', 'add', '-q', '-b', 'feature/c', join(r.root, 'wc')]);
    rmSync(join(r.root, 'wc'), { recursive: true, force: true });
    r.git(['worktree', 'add', '-q', '-b', 'feature/d', join(r.root, 'wd')]);
    r.git(['worktree', 'lock', join(r.root, 'wd')]);
    rmSync(join(r.root, 'wd'), { recursive: true, force: true });
    r.git(['worktree', 'add', '-q', '-b', 'feature/e', join(r.root, 'with space')]);
    const loc = await locateRepo(r.root);
    const fromGit = await listRegisteredWorktrees(r.root);
    const fromFiles = readRegisteredWorktrees(loc.mainRoot, loc.gitCommonDir);
    expect(fromFiles[0]).toMatchObject({ path: r.root, branch: 'main', bare: false });
    expect(fromFiles.map(comparable).sort(byPath)).toEqual(fromGit.map(comparable).sort(byPath));
    expect(fromFiles.find((w) => w.path.endsWith('/wc'))?.prunable).toBeTruthy();
    expect(fromFiles.find((w) => w.path.endsWith('/wd'))).toMatchObject({ locked: 'locked' });
  });

  it('skips a registration whose gitdir file is unreadable, as git does, and answers the main checkout alone without any', async () => {
    const r = makeRepo();
    repos.push(r);
    const loc = await locateRepo(r.root);
    expect(readRegisteredWorktrees(loc.mainRoot, loc.gitCommonDir)).toEqual([{ path: r.root, bare: false, branch: 'main' }]);
    r.git(['worktree', 'add', '-q', '-b', 'feature/a', join(r.root, 'wa')]);
    r.git(['worktree', 'add', '-q', '-b', 'feature/b', join(r.root, 'wb')]);
    writeFileSync(join(loc.gitCommonDir, 'worktrees', 'wb', 'gitdir'), '');
    const fromFiles = readRegisteredWorktrees(loc.mainRoot, loc.gitCommonDir);
    expect(fromFiles.map(comparable).sort(byPath)).toEqual((await listRegisteredWorktrees(r.root)).map(comparable).sort(byPath));
    expect(fromFiles.map((w) => w.branch)).toEqual(['main', 'feature/a']);
  });
});
