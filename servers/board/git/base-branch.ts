/**
 * Which branch features fork from and merge into: BOARD_BASE_BRANCH, else origin/HEAD, init.defaultBranch, main,
 * master (the first that exists locally), else the main checkout's branch.
 */
import { NotFoundError } from '../../../shared/errors.js';
import { branchShas, optionalGit } from './worktree-lookups.js';
import { isSafeBranchName } from './sanitize.js';

export async function resolveBaseBranch(mainRoot: string, configured?: string): Promise<string> {
  if (configured) {
    if (!(await branchShas(mainRoot, configured)).has(configured)) {
      throw new NotFoundError(`The base branch ${configured} (BOARD_BASE_BRANCH) does not exist in ${mainRoot}.`);
    }
    return configured;
  }
  const candidates: string[] = [];
  const originHead = await optionalGit(mainRoot, ['symbolic-ref', '-q', '--short', 'refs/remotes/origin/HEAD']);
  if (originHead?.startsWith('origin/')) candidates.push(originHead.slice('origin/'.length));
  const configuredDefault = await optionalGit(mainRoot, ['config', '--get', 'init.defaultBranch']);
  if (configuredDefault) candidates.push(configuredDefault);
  candidates.push('main', 'master');
  const safe = candidates.filter(isSafeBranchName);
  const existing = await branchShas(mainRoot, ...safe);
  const found = safe.find((name) => existing.has(name));
  if (found) return found;
  const current = await optionalGit(mainRoot, ['symbolic-ref', '-q', '--short', 'HEAD']);
  if (current && isSafeBranchName(current)) return current;
  throw new NotFoundError('Could not tell the base branch of this repository; set BOARD_BASE_BRANCH.');
}
