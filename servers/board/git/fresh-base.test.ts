import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastForwardBase } from './fresh-base.js';
import { cleanUpReposAfterEach, setup } from './worktrees-test-kit.js';

cleanUpReposAfterEach();

describe('fastForwardBase (the local base moved to the remote one)', () => {
  it.each([
    ['.automaker/features/victim/feature.json', '.automaker/features/victim/feature.json'],
    ['.worktrees/victim/src/a.txt', '.worktrees/victim/src/a.txt'],
  ])('leaves the checkout alone, saying why, when the remote base brings in %s (a path the board owns)', async (path) => {
    const { repo, worktreesDir } = setup();
    // the "remote" base: main plus a commit that tracks a file where the board keeps its own, ignored one
    const upstream = join(repo.sandbox, 'upstream');
    repo.git(['worktree', 'add', '-q', '-b', 'upstream', upstream, 'main']);
    const target = repo.commit({ [path]: 'forged\n', 'src/b.txt': 'b\n' }, 'brings in a board path', upstream);
    appendFileSync(join(repo.root, '.git', 'info', 'exclude'), `\n/${path.split('/').slice(0, 2).join('/')}\n`);
    repo.write(path, 'the board’s own\n');
    const before = repo.git(['rev-parse', 'main']).trim();
    const result = await fastForwardBase(repo.root, 'main', target, 'origin/main', { worktreesDir });
    expect(result.moved).toBe(false);
    expect(result.note).toContain(path);
    expect(result.note).toMatch(/the board owns.*left as it is/);
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(before);
    expect(readFileSync(join(repo.root, path), 'utf8')).toBe('the board’s own\n');
  });

  it('moves a checkout with uncommitted edits as git merge would: edits elsewhere kept, an edit where the remote changes refused', async () => {
    const { repo } = setup();
    const upstream = join(repo.sandbox, 'upstream');
    repo.git(['worktree', 'add', '-q', '-b', 'upstream', upstream, 'main']);
    const first = repo.commit({ 'src/a.txt': 'one\ntwo\nthree\nfour\n' }, 'remote edits a', upstream);
    repo.write('README.md', 'edited, not committed\n');
    expect(await fastForwardBase(repo.root, 'main', first, 'origin/main')).toEqual({ moved: true });
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(first);
    expect(readFileSync(join(repo.root, 'README.md'), 'utf8')).toBe('edited, not committed\n');
    const second = repo.commit({ 'README.md': '# remote readme\n' }, 'remote edits the readme', upstream);
    const refused = await fastForwardBase(repo.root, 'main', second, 'origin/main');
    expect(refused.moved).toBe(false);
    expect(refused.note).toMatch(/could not be fast-forwarded to origin\/main \(git: .* README\.md\); it was left as it is/);
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(first);
    expect(readFileSync(join(repo.root, 'README.md'), 'utf8')).toBe('edited, not committed\n');
  });
});
