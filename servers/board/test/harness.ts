import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../shared/logger.js';
import { connectInMemory, type Connected } from '../../../testing/mcp-client.js';
import { type BoardConfig, loadBoardConfig } from '../config.js';
import { type BoardDeps, createBoardDeps } from '../deps.js';
import { createBoardServer } from '../server.js';

export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).trim();
}

/** A fresh repository on branch main with one commit. */
export function createRepo(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'board-repo-')));
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), '# scratch\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

export interface TestBoard extends Connected {
  repo: string;
  deps: BoardDeps;
  clock: { now: number };
}

/** A board server over the in-memory transport, on `repo`, with a controllable clock. */
export async function startBoard(
  repo: string,
  options: { env?: Record<string, string>; session?: string; clock?: { now: number }; verifyWaitMs?: number } = {},
): Promise<TestBoard> {
  const clock = options.clock ?? { now: Date.parse('2026-11-27T10:00:00Z') };
  const config: BoardConfig = loadBoardConfig({ BOARD_PROJECT_DIR: repo, ...options.env }, repo);
  const deps = createBoardDeps({
    config,
    actor: { session: options.session ?? 'session-a' },
    log: createLogger('board-test', { LOG_LEVEL: 'silent' }),
    clock: () => clock.now,
    ...(options.verifyWaitMs ? { verifyWaitMs: options.verifyWaitMs } : {}),
  });
  const connected = await connectInMemory(createBoardServer(deps));
  return { ...connected, repo, deps, clock };
}
