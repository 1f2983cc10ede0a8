import { join } from 'node:path';
import { ForbiddenError } from '../../../shared/errors.js';
import { lockQueuePath } from '../../../shared/file-lock.js';
import { locateRepo } from '../git/repo.js';
import { assertInside } from '../git/sanitize.js';
import { boardPath } from './safe-path.js';

const LOCK = '.features.lock';

/**
 * The board's runtime files under `.automaker/`: kept out of git (feature-store.ts), and a merge may not bring them in
 * (git/owned-paths.ts).
 */
export const RUNTIME_FILES = { features: 'features', lock: LOCK, lockQueue: lockQueuePath(LOCK), sweep: '.features.sweep' };
export const RUNTIME_PATHS = Object.values(RUNTIME_FILES).map((name) => `.automaker/${name}`);

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

/** Finds the board of the repository containing `cwd` (from the main checkout or any of its worktrees). */
export async function locateBoard(cwd: string, allowedRoot?: string): Promise<BoardLocation> {
  const repo = await locateRepo(cwd);
  if (allowedRoot) {
    for (const path of [repo.mainRoot, repo.currentWorktree]) {
      try {
        assertInside(allowedRoot, path);
      } catch (error) {
        if (!(error instanceof ForbiddenError)) throw error;
        throw new ForbiddenError(`${path} is outside ALLOWED_ROOT_DIRECTORY; the board only works inside it.`);
      }
    }
  }
  const automakerDir = join(repo.mainRoot, '.automaker');
  const location = { ...repo, automakerDir };
  return {
    ...location,
    // a linked .automaker, features or context folder is refused here, before anything is read or created through it
    featuresDir: boardPath(location, 'features'),
    contextDir: boardPath(location, 'context'),
  };
}
