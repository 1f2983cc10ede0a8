/**
 * Issue 14, item 10: doctor checks what feature_claim needs before it claims — a commit, the base branch, a git
 * identity — instead of calling the board fine in a repository that cannot hold a worktree.
 */
import { describe, expect, it } from 'vitest';
import type { Env } from '../../shared/env.js';
import { checkBoard } from '../doctor/board-check.js';
import { cleanAfterEach } from '../../testing/clean-after-each.js';
import { createGitRepo, type GitRepo } from '../../testing/git-repo.js';

const track = cleanAfterEach<GitRepo>();

function repo(withCommit: boolean): string {
  return track(createGitRepo({ prefix: 'doctor-board-', ...(withCommit ? {} : { files: {} }) })).dir;
}

const env = (extra: Env = {}): Env => ({ PATH: process.env.PATH, HOME: process.env.HOME, ...extra });

describe('doctor: the board', () => {
  it('item 10: fails in a repository with no commit, and with a missing base branch; passes once claims can work', async () => {
    const empty = repo(false);
    expect(await checkBoard(env(), empty)).toEqual([
      expect.objectContaining({ status: 'fail', message: expect.stringMatching(/no commit yet/) }),
    ]);
    const committed = repo(true);
    expect(await checkBoard(env({ BOARD_BASE_BRANCH: 'develop' }), committed)).toEqual([
      expect.objectContaining({ status: 'fail', message: expect.stringMatching(/develop/) }),
    ]);
    expect(await checkBoard(env(), committed)).toEqual([
      expect.objectContaining({ status: 'ok', message: expect.stringMatching(/features branch from main/) }),
    ]);
  });
});
