import { existsSync } from 'node:fs';
import { NotFoundError } from '../../../shared/errors.js';
import { FEATURE_ID_PATTERN } from './feature.js';
import { locateBoard } from './board-location.js';
import { type BoardSnapshot, type BoardWrites, FeatureStore } from './feature-store.js';

/**
 * The board seen from the github server: which branch a feature works on, and recording its pull request
 * (opened, then merged).
 * Both find the board from `cwd` the same way the board server does (any worktree of the repository).
 */
export async function getFeatureForPr({ cwd, featureId }: { cwd: string; featureId: string }): Promise<{
  id: string;
  title: string;
  branchName?: string;
  worktreePath?: string;
}> {
  const store = await openStore(cwd, featureId);
  const feature = await store.get(featureId);
  return {
    id: feature.id,
    title: feature.title,
    ...(feature.branchName ? { branchName: feature.branchName } : {}),
    ...(feature.worktreePath ? { worktreePath: feature.worktreePath } : {}),
  };
}

export async function linkPullRequest(options: { cwd: string; featureId: string; prNumber: number; prUrl: string }): Promise<void> {
  const store = await openStore(options.cwd, options.featureId);
  await once(store, (board, writes) => {
    const feature = board.features.get(options.featureId);
    if (!feature) throw new NotFoundError(`No feature ${options.featureId} on the board.`);
    writes.save({ ...feature, prNumber: options.prNumber, prUrl: options.prUrl, updatedAt: new Date().toISOString() });
  });
}

export interface PullRequestMerge {
  /** Where the board is found (any worktree of the repository). */
  cwd: string;
  prNumber: number;
  /** The PR's web URL, as pr_open recorded it on the feature. */
  prUrl: string;
  /** The PR is in the default repository: a feature with only a prNumber may be matched. */
  defaultRepository?: boolean;
  mergeCommit: string;
  mergedAt: string;
}

/**
 * A pull request merged on GitHub, recorded on the feature it is linked to (by pr_open): the merge commit and the
 * merged state, so the board's feature_finish can confirm it against the fetched base. Returns the feature's id,
 * or undefined when no feature on this board is linked to that PR.
 *
 * PR numbers are per repository and the server may act on several: a feature is this PR's when its prUrl is the
 * PR's URL; one with a number and no URL (linked by hand or by another tool) only when the PR is in the default
 * repository.
 */
export async function recordPullRequestMerge(options: PullRequestMerge): Promise<string | undefined> {
  const location = await locateBoard(options.cwd);
  // A repository without a board gets none from a merge.
  if (!existsSync(location.featuresDir)) return undefined;
  const url = comparableUrl(options.prUrl);
  const linked = (f: { prNumber?: number; prUrl?: string }) =>
    f.prUrl ? comparableUrl(f.prUrl) === url : f.prNumber === options.prNumber && options.defaultRepository === true;
  return once(new FeatureStore(location), (board, writes) => {
    const feature = [...board.features.values()].find(linked);
    if (!feature) return undefined;
    writes.save({
      ...feature,
      prState: 'merged',
      prMergeCommit: options.mergeCommit,
      prMergedAt: options.mergedAt,
      updatedAt: new Date().toISOString(),
    });
    return feature.id;
  });
}

/** GitHub's hosts and owner/repository names are case-insensitive. */
function comparableUrl(url: string): string {
  return url.trim().replace(/\/+$/, '').toLowerCase();
}

/** One transaction on a store opened for it (the github server's), then its background check stopped. */
async function once<T>(store: FeatureStore, fn: (board: BoardSnapshot, writes: BoardWrites) => T): Promise<T> {
  try {
    return await store.transaction(fn);
  } finally {
    await store.close();
  }
}

async function openStore(cwd: string, featureId: string): Promise<FeatureStore> {
  if (!FEATURE_ID_PATTERN.test(featureId)) throw new NotFoundError(`"${featureId.slice(0, 80)}" is not a feature id.`);
  return new FeatureStore(await locateBoard(cwd));
}
