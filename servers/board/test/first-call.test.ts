import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../testing/wait-for.js';
import { gitProcessesStarted } from '../git/run-git.js';
import { createRepo, startBoard } from './harness.js';

describe('a session’s first call', () => {
  it('finds the repository located once the client initialized (no call made): the call itself starts no git process', async () => {
    const repo = createRepo();
    const before = gitProcessesStarted();
    const board = await startBoard(repo);
    try {
      // rev-parse and worktree list, started by the initialization alone
      await waitFor('the repository to be located before any call', () => gitProcessesStarted() >= before + 2, 20_000);
      await board.deps.board(); // the same location, finished
      const atCall = gitProcessesStarted();
      const listed = await board.call('feature_list');
      expect(listed.isError, listed.text).toBe(false);
      expect(gitProcessesStarted()).toBe(atCall);
    } finally {
      await board.close();
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
