/**
 * Issue 14, item 10: doctor checks what feature_claim needs before it claims — a commit, the base branch, a git
 * identity — instead of calling the board fine in a repository that cannot hold a worktree.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Env } from '../../shared/env.js';
import { checkBoard } from '../doctor/board-check.js';

const IDENTITY = { GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repo(withCommit: boolean): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'doctor-board-')));
  dirs.push(dir);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...IDENTITY }, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  if (withCommit) {
    writeFileSync(join(dir, 'README.md'), '# x\n');
    git('add', '.');
    git('commit', '-q', '-m', 'initial');
  }
  return dir;
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
