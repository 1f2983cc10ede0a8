import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGitRepo } from '../../../testing/git-repo.js';
import { createRepo } from '../test/harness.js';
import { assertCanHoldWorktree } from './worktree-preflight.js';

describe('the claim preflight', () => {
  it('is not fooled by a worktree another process is creating at that moment (its HEAD is still the null id)', async () => {
    const repo = createRepo();
    // What `git worktree add` leaves for a moment in another process: a registered worktree whose HEAD is not yet set.
    const half = join(repo, '.git', 'worktrees', 'half');
    mkdirSync(half, { recursive: true });
    writeFileSync(join(half, 'HEAD'), `${'0'.repeat(40)}\n`);
    writeFileSync(join(half, 'gitdir'), `${join(repo, '.worktrees', 'half', '.git')}\n`);
    try {
      await expect(assertCanHoldWorktree(repo, async () => 'main')).resolves.toEqual({ base: 'main' });
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('still says so when the repository has no commit at all', async () => {
    const empty = createGitRepo({ files: {} });
    await expect(assertCanHoldWorktree(empty.dir, async () => 'main')).rejects.toThrow(/has no commit yet/);
    empty.cleanup();
  });
});
