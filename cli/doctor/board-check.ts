import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Env } from '../../shared/env.js';
import { loadBoardConfig } from '../../servers/board/config.js';
import { fail, ok, warn, type Check } from './report.js';

const run = promisify(execFile);

/** The board needs no credentials: a well-formed environment and a git repository to keep the board in. */
export async function checkBoard(env: Env, cwd: string): Promise<Check[]> {
  let projectDir: string;
  try {
    projectDir = loadBoardConfig(env, cwd).projectDir;
  } catch (error) {
    return [fail('board', (error as Error).message)];
  }
  try {
    const { stdout } = await run('git', ['rev-parse', '--show-toplevel'], { cwd: projectDir, env, timeout: 10_000 });
    return [ok('board', `environment well-formed; repository ${stdout.trim()}`)];
  } catch {
    return [
      warn('board', `${projectDir} is not inside a git repository: Claude Code starts the board in your project, so run doctor there (or set BOARD_PROJECT_DIR)`),
    ];
  }
}
