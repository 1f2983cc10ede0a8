import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { branchesAndCheckouts } from './branch-refs.js';
import { locateRepo } from './repo.js';
import type { TestRepo } from './test-repo.js';
import { cleanUpReposAfterEach, setup } from './worktrees-test-kit.js';

cleanUpReposAfterEach();
const repo = (): TestRepo => setup().repo;

const sha = (r: TestRepo, ref: string) => r.git(['rev-parse', ref]).trim();

describe('branchesAndCheckouts', () => {
  it('reads loose and packed branches and the checkouts that have them', async () => {
    const r = repo();
    r.git(['worktree', 'add', '-q', '-b', 'feature/a', join(r.root, 'wa')]);
    r.commit({ 'a.txt': 'a\n' }, 'a', join(r.root, 'wa'));
    r.git(['branch', 'feature/packed']);
    r.git(['pack-refs', '--all']);
    r.commit({ 'b.txt': 'b\n' }, 'main moves: loose again, packed line stale');
    r.git(['worktree', 'add', '-q', '-b', 'feature/gone', join(r.root, 'wg')]);
    rmSync(join(r.root, 'wg'), { recursive: true, force: true });
    const found = await branchesAndCheckouts(await locateRepo(r.root), 'main', 'feature/a', 'feature/packed', 'feature/gone');
    expect(Object.fromEntries(found)).toEqual({
      main: { sha: sha(r, 'main'), checkout: r.root },
      'feature/a': { sha: sha(r, 'feature/a'), checkout: join(r.root, 'wa') },
      'feature/packed': { sha: sha(r, 'feature/packed') },
      'feature/gone': { sha: sha(r, 'feature/gone') },
    });
  });

  it('leaves out a branch that does not exist (git asked), and follows a symbolic branch as git does', async () => {
    const r = repo();
    r.git(['symbolic-ref', 'refs/heads/alias', 'refs/heads/main']);
    const found = await branchesAndCheckouts(await locateRepo(r.root), 'main', 'missing', 'alias');
    expect([...found.keys()].sort()).toEqual(['alias', 'main']);
    expect(found.get('alias')?.sha).toBe(sha(r, 'main'));
  });

  it('never reads a file outside refs/heads for a name that is not a branch name', async () => {
    const r = repo();
    const loc = await locateRepo(r.root);
    writeFileSync(join(loc.gitCommonDir, 'planted'), `${sha(r, 'main')}\n`);
    const found = await branchesAndCheckouts(loc, 'main', '../../planted');
    expect([...found.keys()]).toEqual(['main']);
  });
});
