/**
 * The base branch as the remote has it: which remote tracks it, fetching it (bounded, never prompting), and moving
 * the local base branch forward when it is strictly behind — never rewritten, never merged into.
 *
 * API
 *   remoteOfBase(mainRoot, base) → { remote, remoteRef, trackingRef, label } | undefined
 *       the base's configured upstream (branch.<base>.remote/merge), else origin when refs/remotes/origin/<base> exists
 *   headsAndRemote(mainRoot, base, ...branches) → { shas, remote? }   the same and the branches' commits, one git call
 *   fetchBase(mainRoot, remote, { timeoutMs?, signal? }) → the fetched commit; UpstreamError naming the remote
 *   fastForwardBase(mainRoot, base, target, label, { worktreesDir? }) → { moved, note? }   note says why the local
 *       base was left alone; a checkout is never moved onto a commit that changes paths the board owns there
 *       (owned-paths.ts: git would overwrite its ignored files)
 */
import { UpstreamError } from '../../../shared/errors.js';
import { changedPaths, isAncestor } from './merge.js';
import { boardOwnedPaths, worktreesFolderIn } from './owned-paths.js';
import { listRegisteredWorktrees } from './repo.js';
import { GitCommandError, git, runGit } from './run-git.js';
import { branchShas, firstLine, listedPaths } from './worktree-lookups.js';

/** How long a fetch of the base may take before the call gives up (a hung network must not hang a claim). */
export const FETCH_TIMEOUT_MS = 30_000;

export interface BaseRemote {
  remote: string;
  /** The branch on the remote, `refs/heads/main`. */
  remoteRef: string;
  /** Where the fetch stores it, `refs/remotes/origin/main`. */
  trackingRef: string;
  /** What the model reads, `origin/main`. */
  label: string;
}

export async function remoteOfBase(mainRoot: string, base: string): Promise<BaseRemote | undefined> {
  return (await headsAndRemote(mainRoot, base)).remote;
}

/**
 * One for-each-ref for what creating a worktree asks first: the commits of the base and of other branches (those
 * that exist), and the remote tracking the base.
 */
export async function headsAndRemote(
  mainRoot: string,
  base: string,
  ...branches: string[]
): Promise<{ shas: Map<string, string>; remote?: BaseRemote }> {
  const locals = [base, ...branches].map((name) => `refs/heads/${name}`);
  const out = await git(mainRoot, [
    'for-each-ref',
    '--format=%(objectname)%00%(refname)%00%(upstream)%00%(upstream:remotename)%00%(upstream:remoteref)',
    ...locals,
    `refs/remotes/origin/${base}`,
  ]);
  const rows = out
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\0'));
  const shas = new Map<string, string>();
  for (const [sha = '', ref = ''] of rows) if (locals.includes(ref)) shas.set(ref.slice('refs/heads/'.length), sha);
  const [, , upstream = '', remote = '', remoteRef = ''] = rows.find((row) => row[1] === `refs/heads/${base}`) ?? [];
  if (upstream.startsWith('refs/remotes/') && remote && remoteRef.startsWith('refs/heads/')) {
    return { shas, remote: { remote, remoteRef, trackingRef: upstream, label: upstream.slice('refs/remotes/'.length) } };
  }
  if (rows.some((row) => row[1] === `refs/remotes/origin/${base}`)) {
    return {
      shas,
      remote: { remote: 'origin', remoteRef: `refs/heads/${base}`, trackingRef: `refs/remotes/origin/${base}`, label: `origin/${base}` },
    };
  }
  return { shas };
}

export async function fetchBase(
  mainRoot: string,
  remote: BaseRemote,
  opts: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? FETCH_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const refspec = `+${remote.remoteRef}:${remote.trackingRef}`;
  try {
    // no auto maintenance: fetch and merge would each start `git maintenance run --auto` (a process, a gc) in the call
    const args = ['-c', 'maintenance.auto=false', 'fetch', '--quiet', '--no-tags', '--no-recurse-submodules', '--no-write-fetch-head'];
    await runGit(mainRoot, [...args, remote.remote, refspec], {
      signal,
      noPrompts: true,
    });
  } catch (error) {
    if (opts.signal?.aborted) throw error;
    const why = timeout.aborted
      ? `no answer within ${Math.round(timeoutMs / 1000)} s`
      : error instanceof GitCommandError
        ? redact(firstLine(error.gitMessage))
        : 'git could not run';
    throw new UpstreamError(
      `Could not fetch ${remote.remoteRef.slice('refs/heads/'.length)} from the remote '${remote.remote}' (${why}); nothing was changed. Check the network or the remote's address and credentials, then retry.`,
    );
  }
  return (await git(mainRoot, ['rev-parse', '--verify', `${remote.trackingRef}^{commit}`])).trim();
}

export interface FastForward {
  moved: boolean;
  note?: string;
}

export async function fastForwardBase(
  mainRoot: string,
  base: string,
  target: string,
  label: string,
  { worktreesDir }: { worktreesDir?: string } = {},
): Promise<FastForward> {
  const local = (await branchShas(mainRoot, base)).get(base);
  if (!local || local === target) return { moved: false };
  if (!(await isAncestor(mainRoot, local, target))) {
    const ahead = await isAncestor(mainRoot, target, local);
    return {
      moved: false,
      note: ahead
        ? `local ${base} has commits that are not on ${label}; it was left as it is.`
        : `local ${base} and ${label} have diverged; local ${base} was left as it is.`,
    };
  }
  const checkout = (await listRegisteredWorktrees(mainRoot)).find((w) => w.branch === base && !w.prunable && !w.bare);
  try {
    if (!checkout) {
      await git(mainRoot, ['update-ref', '-m', `board: fast-forward ${base} to ${label}`, `refs/heads/${base}`, target, local]);
      return { moved: true };
    }
    const worktreesPrefix = worktreesDir === undefined ? undefined : worktreesFolderIn(mainRoot, worktreesDir);
    const owned = boardOwnedPaths(await changedPaths(mainRoot, local, target), worktreesPrefix);
    if (owned.length > 0) {
      return {
        moved: false,
        note: `${label} changes ${owned.length} path(s) the board owns in the checkout at ${checkout.path} (${owned.slice(0, 5).join(', ')}${owned.length > 5 ? ', …' : ''}); local ${base} was left as it is.`,
      };
    }
    // git's fast-forward keeps uncommitted edits to files it does not change and refuses to overwrite the others
    // (or an untracked file): as `git merge` and worktree_merge do
    await git(checkout.path, ['-c', 'maintenance.auto=false', 'merge', '--ff-only', '--quiet', '--no-stat', target]);
    return { moved: true };
  } catch (error) {
    if (!(error instanceof GitCommandError)) throw error;
    const files = listedPaths(error.gitMessage);
    const named = files.length > 0 ? ` ${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}` : '';
    return {
      moved: false,
      note: `local ${base} could not be fast-forwarded to ${label} (git: ${firstLine(error.gitMessage)}${named}); it was left as it is.`,
    };
  }
}

/** Credentials written into a remote URL (https://user:token@host) never reach the model or the log. */
function redact(text: string): string {
  return text.replace(/\/\/[^/\s@]+@/g, '//***@');
}
