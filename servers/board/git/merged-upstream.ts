/**
 * Whether a branch's work is already in a base commit, however it got there: a merge or fast-forward (the branch is
 * an ancestor), a rebase merge (every commit has an equivalent patch there), or a squash merge (merging the branch
 * into the base changes nothing: `merge-tree` yields the base's own tree).
 *
 * API
 *   mergedInto(cwd, base, branch) → 'ancestor' | 'same-patches' | 'same-content' | undefined
 *   containingCommit(cwd, base, branch, how) → the oldest commit on base's first-parent line that already contains
 *       the branch's work (the merge, squash or last rebased commit), found by bisection
 */
import { isAncestor, mergeTrees, treeOf } from './merge.js';
import { git } from './run-git.js';

export type MergedHow = 'ancestor' | 'same-patches' | 'same-content';

/** How far back along the base's first-parent line the merge commit is looked for. */
const SEARCH_LIMIT = 5000;

export async function mergedInto(cwd: string, base: string, branch: string): Promise<MergedHow | undefined> {
  if (await isAncestor(cwd, branch, base)) return 'ancestor';
  if (await samePatches(cwd, base, branch)) return 'same-patches';
  if (await sameContent(cwd, base, branch)) return 'same-content';
  return undefined;
}

export async function containingCommit(cwd: string, base: string, branch: string, how: MergedHow): Promise<string> {
  const contains = (commit: string) => holds(cwd, commit, branch, how);
  const forkPoint = (await git(cwd, ['merge-base', base, branch])).trim();
  const line = (await git(cwd, ['rev-list', '--first-parent', `--max-count=${SEARCH_LIMIT}`, base, `^${forkPoint}`]))
    .split('\n')
    .filter(Boolean);
  line.push(forkPoint); // a fast-forward: the branch head itself is on the line
  // newest first; contains() is true from index 0 up to the merge commit, false before it
  let found = 0;
  let low = 1;
  let high = line.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (await contains(line[middle] as string)) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return line[found] as string;
}

async function holds(cwd: string, commit: string, branch: string, how: MergedHow): Promise<boolean> {
  if (how === 'ancestor') return isAncestor(cwd, branch, commit);
  if (how === 'same-patches') return samePatches(cwd, commit, branch);
  return sameContent(cwd, commit, branch);
}

/** `git cherry`: every commit of the branch has a patch-id equivalent in base (a rebase merge). */
async function samePatches(cwd: string, base: string, branch: string): Promise<boolean> {
  const lines = (await git(cwd, ['cherry', base, branch])).split('\n').filter(Boolean);
  return lines.length > 0 && lines.every((line) => line.startsWith('-'));
}

async function sameContent(cwd: string, base: string, branch: string): Promise<boolean> {
  const [merged, baseTree] = await Promise.all([mergeTrees(cwd, base, branch), treeOf(cwd, base)]);
  return merged.clean && merged.tree === baseTree;
}
