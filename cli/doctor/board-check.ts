import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Env } from '../../shared/env.js';
import { ToolError } from '../../shared/errors.js';
import { type BoardConfig, loadBoardConfig } from '../../servers/board/config.js';
import { fail, ok, warn, type Check } from './report.js';

const run = promisify(execFile);

/**
 * The board needs no credentials: a well-formed environment, a git repository to keep the board in, and what
 * feature_claim checks before it claims — a commit, the base branch, a git identity for merges.
 */
export async function checkBoard(env: Env, cwd: string): Promise<Check[]> {
  let config: BoardConfig;
  try {
    config = loadBoardConfig(env, cwd);
  } catch (error) {
    return [fail('board', (error as Error).message)];
  }
  let root: string;
  try {
    root = (await run('git', ['rev-parse', '--show-toplevel'], { cwd: config.projectDir, env, timeout: 10_000 })).stdout.trim();
  } catch {
    return [
      warn(
        'board',
        `${config.projectDir} is not inside a git repository: Claude Code starts the board in your project, so run doctor there (or set BOARD_PROJECT_DIR)`,
      ),
    ];
  }
  // Loaded here only: the git layer is what the server itself runs.
  const [{ locateRepo }, { resolveBaseBranch }, { assertCanHoldWorktree }] = await Promise.all([
    import('../../servers/board/git/repo.js'),
    import('../../servers/board/git/base-branch.js'),
    import('../../servers/board/tools/worktree-preflight.js'),
  ]);
  try {
    const { mainRoot } = await locateRepo(root);
    const { base } = await assertCanHoldWorktree(mainRoot, () => resolveBaseBranch(mainRoot, config.baseBranch));
    return [ok('board', `environment well-formed; repository ${root}; features branch from ${base}`)];
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    return [fail('board', `feature_claim would refuse here: ${error.message}`)];
  }
}
