import { createLogger } from '../../../shared/logger.js';
import { createGitRepo, TEST_GIT_IDENTITY } from '../../../testing/git-repo.js';
import { connectInMemory, type Connected } from '../../../testing/mcp-client.js';
import { type BoardConfig, loadBoardConfig } from '../config.js';
import { type BoardDeps, createBoardDeps } from '../deps.js';
import { createBoardServer } from '../server.js';

export { git } from '../../../testing/git-repo.js';
export const GIT_ENV = TEST_GIT_IDENTITY;

/** A fresh repository on branch main with one commit. */
export function createRepo(): string {
  return createGitRepo({ prefix: 'board-repo-' }).dir;
}

/** The shared harness shape (testing/harness.ts): `call`, `client`, `close`; the board talks to no service, so no fake. */
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
  // closing the client stops the store's background work without waiting; a test removes the repository next
  const close = async () => {
    await connected.close();
    await deps.close();
  };
  return { ...connected, close, repo, deps, clock };
}
