/**
 * Merges computed purely on git objects: no index, no working tree, no ref is touched here. The caller moves the
 * base ref afterwards (compare-and-swap), so a conflict leaves nothing behind but unreachable objects.
 *
 * API
 *   mergeTrees(cwd, ours, theirs) → { clean: true, tree } | { clean: false, files }     (`merge-tree --write-tree`)
 *   buildMergeCommit(cwd, { strategy, base, feature, branch, message?, checkChanges?, guarded? }) → new base sha, or
 *     undefined when the feature adds nothing (already an ancestor, or its changes are all in the base);
 *     ConflictError { files }
 *   branchBeyondBase(cwd, base, branch) → { exists, unmerged }: the local branch's commits whose changes are not in
 *     the local base (by content, so squash and rebase merges count as merged), from one `git log` when both exist;
 *     exists is false only when the branch is missing (a missing base: nothing unmerged)
 *   commitsOnlyAt(cwd, head) → commits reachable from head but from no branch, tag or remote ref
 *   aheadBehind(cwd, base, branch) → { ahead, behind }
 *
 * git 2.39 has no `merge-tree --merge-base`, so the rebase strategy cherry-picks each commit c (parent p) onto the
 * current tip t by merging c with a throw-away commit "tree(t) with parent p": their merge base is p, which is
 * exactly cherry-pick's three-way merge.
 */
import { ConfigError, ConflictError } from '../../../shared/errors.js';
import { looseCommitTree, looseTreeEntries } from './loose-objects.js';
import { GitCommandError, git, runGit, splitNul } from './run-git.js';

export type MergeStrategy = 'merge' | 'squash' | 'rebase';

export type TreeMerge = { clean: true; tree: string } | { clean: false; files: string[] };

export async function mergeTrees(cwd: string, ours: string, theirs: string, signal?: AbortSignal): Promise<TreeMerge> {
  const { stdout, exitCode } = await runGit(
    cwd,
    ['merge-tree', '--write-tree', '--name-only', '-z', '--allow-unrelated-histories', ours, theirs],
    { okExitCodes: [0, 1], ...(signal ? { signal } : {}) },
  );
  const fields = stdout.split('\0');
  const tree = (fields[0] ?? '').trim();
  if (exitCode === 0) return { clean: true, tree };
  const files: string[] = [];
  for (const field of fields.slice(1)) {
    if (field === '') break;
    if (!files.includes(field)) files.push(field);
  }
  return { clean: false, files };
}

export interface MergeRequest {
  strategy: MergeStrategy;
  base: string;
  feature: string;
  /** The feature branch name, for default messages. */
  branch: string;
  message?: string;
  /** Sees every path the merge changes in the base before the commit is returned; throws to refuse it. */
  checkChanges?: (changes: TreeChange[]) => void;
  /**
   * The repository's common git dir, and which top-level names of a tree may hold what checkChanges looks for. With
   * them, a merge whose base commit and trees are loose objects there is judged from those (loose-objects.ts)
   * instead of a diff: no change at all is nothing to add, and changes under no such name are none of checkChanges'
   * business.
   */
  guarded?: { gitCommonDir: string; isGuarded: (topLevelName: string) => boolean };
  signal?: AbortSignal;
  progress?: (done: number, total: number, message: string) => void;
}

/** A path whose entry differs between two trees, with its new mode (`000000` when deleted, `120000` a symlink). */
export interface TreeChange {
  path: string;
  mode: string;
}

export async function buildMergeCommit(cwd: string, req: MergeRequest): Promise<string | undefined> {
  if (req.strategy === 'rebase') return rebaseOnto(cwd, req);
  const subjects =
    req.strategy === 'squash' && req.message === undefined
      ? settled(git(cwd, ['log', '--format=* %s', '--no-merges', `${req.base}..${req.feature}`]))
      : undefined;
  const merged = await mergeTrees(cwd, req.base, req.feature, req.signal);
  if (!merged.clean) throw conflict(req, merged.files);
  const known = req.guarded ? fromLooseObjects(req.guarded, req.base, merged.tree) : undefined;
  if (known === 'no change') {
    await subjects; // no git process outlives the call
    return undefined;
  }
  const [message, parents] =
    req.strategy === 'squash'
      ? [req.message ?? `Squashed ${req.branch}\n\n${(await subjects?.then((r) => r()))?.trim() ?? ''}`, [req.base]]
      : [req.message ?? `Merge branch '${req.branch}'`, [req.base, req.feature]];
  // the commit and (unless the loose objects told) what it changes in the base, side by side; a refusal leaves an
  // unreachable commit
  const [commit, changes] = await Promise.all([
    settled(commitTree(cwd, merged.tree, parents, message, req.signal)),
    known === 'nothing guarded' ? undefined : changedPaths(cwd, req.base, merged.tree),
  ]);
  if (changes) {
    // nothing to add: the feature is an ancestor of the base, or its changes are already there
    if (changes.length === 0) return undefined;
    req.checkChanges?.(changes);
  }
  return commit();
}

/**
 * What the merge changes, when loose objects can tell: 'no change' (the tree is the base's), 'nothing guarded' (no
 * guarded top-level entry differs), else undefined (ask git for the diff).
 */
function fromLooseObjects(
  { gitCommonDir, isGuarded }: NonNullable<MergeRequest['guarded']>,
  base: string,
  tree: string,
): 'no change' | 'nothing guarded' | undefined {
  const baseTree = looseCommitTree(gitCommonDir, base);
  if (!baseTree) return undefined;
  if (baseTree === tree) return 'no change';
  const before = looseTreeEntries(gitCommonDir, baseTree);
  const after = looseTreeEntries(gitCommonDir, tree);
  if (!before || !after) return undefined;
  const same = (name: string) => before.get(name)?.id === after.get(name)?.id && before.get(name)?.mode === after.get(name)?.mode;
  const guarded = [...new Set([...before.keys(), ...after.keys()])].filter(isGuarded);
  return guarded.every(same) ? 'nothing guarded' : undefined;
}

/** `git diff-tree` between two commits or trees, every changed path with its new mode. */
export async function changedPaths(cwd: string, from: string, to: string): Promise<TreeChange[]> {
  const records = splitNul(await git(cwd, ['diff-tree', '-r', '-z', '--no-renames', '--raw', from, to]));
  const changes: TreeChange[] = [];
  for (let i = 0; i + 1 < records.length; i += 2) {
    const [, mode = ''] = (records[i] ?? '').slice(1).split(' ');
    changes.push({ path: records[i + 1] ?? '', mode });
  }
  return changes;
}

/** Starts work now and rethrows its error only when asked for the value (never an unhandled rejection). */
function settled<T>(work: Promise<T>): Promise<() => T> {
  return work.then(
    (value) => () => value,
    (error: unknown) => () => {
      throw error;
    },
  );
}

async function rebaseOnto(cwd: string, req: MergeRequest): Promise<string | undefined> {
  if (await isAncestor(cwd, req.feature, req.base)) return undefined;
  const list = await git(cwd, ['rev-list', '--reverse', '--no-merges', '--right-only', '--cherry-pick', `${req.base}...${req.feature}`]);
  const commits = list.split('\n').filter(Boolean);
  let tip = req.base;
  let tipTree = await treeOf(cwd, tip);
  for (const [index, commit] of commits.entries()) {
    req.signal?.throwIfAborted();
    req.progress?.(index, commits.length, `replaying ${commit.slice(0, 10)}`);
    const parent = (await git(cwd, ['rev-parse', '--verify', `${commit}^1`])).trim();
    if (parent === tip) {
      tip = commit;
      tipTree = await treeOf(cwd, tip);
      continue;
    }
    const stand_in = await commitTree(cwd, tipTree, [parent], 'board: rebase stand-in', req.signal);
    const merged = await mergeTrees(cwd, stand_in, commit, req.signal);
    if (!merged.clean) throw conflict(req, merged.files, commit);
    if (merged.tree === tipTree) continue;
    const meta = await git(cwd, ['log', '-1', '--date=raw', '--format=%an%x00%ae%x00%ad%x00%B', commit]);
    const [name = '', email = '', date = '', ...body] = meta.split('\0');
    const env = { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date };
    tip = await commitTree(cwd, merged.tree, [tip], body.join('\0').replace(/\n+$/, ''), req.signal, env);
    tipTree = merged.tree;
  }
  if (tip === req.base) return undefined;
  if (req.checkChanges) req.checkChanges(await changedPaths(cwd, req.base, tipTree));
  return tip;
}

function conflict(req: MergeRequest, files: string[], commit?: string): ConflictError {
  const where = commit ? ` while replaying ${commit.slice(0, 10)}` : '';
  return new ConflictError(
    `${req.branch} conflicts with the base branch${where} in ${files.length} file(s); merge the base into the feature worktree, resolve, commit, and retry.`,
    { files: files.slice(0, 100), ...(commit ? { commit } : {}) },
  );
}

async function commitTree(
  cwd: string,
  tree: string,
  parents: string[],
  message: string,
  signal?: AbortSignal,
  env?: Record<string, string>,
): Promise<string> {
  const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'];
  try {
    const input = message.trim() ? message : '(no message)';
    return (await git(cwd, args, { input, ...(signal ? { signal } : {}), ...(env ? { env } : {}) })).trim();
  } catch (error) {
    if (error instanceof GitCommandError && /identity unknown|tell me who you are|empty ident/i.test(error.gitMessage)) {
      throw new ConfigError(
        'git has no committer identity here; set user.name and user.email (git config) or GIT_COMMITTER_NAME/GIT_COMMITTER_EMAIL.',
      );
    }
    throw error;
  }
}

export async function treeOf(cwd: string, commit: string): Promise<string> {
  return (await git(cwd, ['rev-parse', '--verify', `${commit}^{tree}`])).trim();
}

export async function isAncestor(cwd: string, ancestor: string, descendant: string): Promise<boolean> {
  // `merge-base --is-ancestor` prints nothing, and simple-git waits 50 ms more for silent commands
  return (await git(cwd, ['rev-list', '--count', `${descendant}..${ancestor}`])).trim() === '0';
}

export interface CommitSummary {
  sha: string;
  subject: string;
}

/** Local branch names; the first unmerged commit is the branch's head (log starts there). */
export async function branchBeyondBase(cwd: string, base: string, branch: string): Promise<{ exists: boolean; unmerged: CommitSummary[] }> {
  const [baseRef, branchRef] = [`refs/heads/${base}`, `refs/heads/${branch}`];
  const { stdout, exitCode } = await runGit(cwd, ['log', '-z', '--format=%H %s', `${baseRef}..${branchRef}`], { okExitCodes: [0, 128] });
  if (exitCode !== 0) {
    // one of them is missing: which one decides (a rare path, one more process)
    const found = await git(cwd, ['for-each-ref', '--format=%(refname)', branchRef]);
    return { exists: found.trim() === branchRef, unmerged: [] };
  }
  return { exists: true, unmerged: await unmergedByContent(cwd, baseRef, branchRef, parseCommits(stdout)) };
}

/** Commits whose changes are all in the base already (a squash or rebase merged locally) are not unmerged. */
async function unmergedByContent(cwd: string, base: string, branch: string, commits: CommitSummary[]): Promise<CommitSummary[]> {
  if (commits.length === 0) return [];
  const merged = await mergeTrees(cwd, base, branch);
  if (merged.clean && merged.tree === (await treeOf(cwd, base))) return [];
  return commits;
}

/** Commits reachable from head and from no branch, tag or remote-tracking ref (work on a detached HEAD). */
export async function commitsOnlyAt(cwd: string, head: string): Promise<CommitSummary[]> {
  const out = await git(cwd, ['log', '-z', '--format=%H %s', head, '--not', '--branches', '--tags', '--remotes']);
  return parseCommits(out);
}

function parseCommits(out: string): CommitSummary[] {
  return splitNul(out).map((line) => {
    const space = line.indexOf(' ');
    return { sha: line.slice(0, space), subject: line.slice(space + 1) };
  });
}

export async function aheadBehind(cwd: string, base: string, branch: string): Promise<{ ahead: number; behind: number }> {
  const out = await git(cwd, ['rev-list', '--left-right', '--count', `${base}...${branch}`]);
  const [behind = '0', ahead = '0'] = out.trim().split(/\s+/);
  return { ahead: Number(ahead), behind: Number(behind) };
}
