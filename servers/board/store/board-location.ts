import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, isAbsolute } from 'node:path';
import { promisify } from 'node:util';
import { ForbiddenError, NotFoundError } from '../../../shared/errors.js';

const run = promisify(execFile);

export interface BoardLocation {
  /** The main checkout's root: the board lives here whatever worktree the server was started in. */
  mainRoot: string;
  /** The worktree (or main checkout) the server was started in. */
  currentWorktree: string;
  gitCommonDir: string;
  automakerDir: string;
  featuresDir: string;
  contextDir: string;
}

/** Finds the board of the repository containing `cwd`, via `git rev-parse --git-common-dir`. */
export async function locateBoard(cwd: string, allowedRoot?: string): Promise<BoardLocation> {
  let stdout: string;
  try {
    ({ stdout } = await run('git', ['rev-parse', '--path-format=absolute', '--git-common-dir', '--show-toplevel'], {
      cwd,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    }));
  } catch {
    throw new NotFoundError(`No git repository at ${cwd}; start the board server inside a git checkout (or set BOARD_PROJECT_DIR).`);
  }
  const [commonDirRaw, toplevelRaw] = stdout.trim().split('\n');
  if (!commonDirRaw || !toplevelRaw) throw new NotFoundError(`git could not describe the repository at ${cwd}.`);
  const gitCommonDir = await realpath(commonDirRaw);
  const currentWorktree = await realpath(toplevelRaw);
  const mainRoot = basename(gitCommonDir) === '.git' ? dirname(gitCommonDir) : currentWorktree;
  if (allowedRoot) {
    await assertWithin(allowedRoot, mainRoot);
    await assertWithin(allowedRoot, currentWorktree);
  }
  const automakerDir = join(mainRoot, '.automaker');
  return {
    mainRoot,
    currentWorktree,
    gitCommonDir,
    automakerDir,
    featuresDir: join(automakerDir, 'features'),
    contextDir: join(automakerDir, 'context'),
  };
}

async function assertWithin(root: string, target: string): Promise<void> {
  const realRoot = await realpath(root).catch(() => root);
  const rel = relative(realRoot, target);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new ForbiddenError(`${target} is outside ALLOWED_ROOT_DIRECTORY; the board only works inside it.`);
  }
}
