import { type Feature, isClaimed, priorityRank } from '../store/feature.js';
import { unfinishedDependencies } from './dependencies.js';

/** Auto-mode order: highest priority first (1 urgent … 4 low, none as 3), then oldest. */
export function compareQueueOrder(a: Feature, b: Feature): number {
  return priorityRank(a.priority) - priorityRank(b.priority) || compareStrings(a.createdAt, b.createdAt) || compareStrings(a.id, b.id);
}

/** Code-unit order: ISO timestamps and ids sort correctly, without localeCompare's cost on thousands of features. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** In backlog, every dependency done, and not held by a live claim. */
export function isReady(feature: Feature, features: ReadonlyMap<string, Feature>, now: number): boolean {
  return feature.status === 'backlog' && !isClaimed(feature, now) && unfinishedDependencies(feature, features).length === 0;
}

/** An in-progress feature whose holder stopped renewing its lease: another session may take it over. */
export function isAbandoned(feature: Feature, now: number): boolean {
  return feature.status === 'in_progress' && !isClaimed(feature, now);
}

export function readyQueue(features: ReadonlyMap<string, Feature>, now: number): Feature[] {
  return [...features.values()].filter((f) => isReady(f, features, now)).sort(compareQueueOrder);
}

export function liveClaims(features: ReadonlyMap<string, Feature>, now: number): number {
  let count = 0;
  for (const f of features.values()) if (f.status === 'in_progress' && isClaimed(f, now)) count++;
  return count;
}

export type NextPick = { feature: Feature; takeover: boolean } | { feature: null; reason: string };

/**
 * The next feature a session should work on: abandoned in-progress work first (its worktree may hold
 * commits), then the ready queue. Explains an empty answer.
 */
export function pickNext(features: ReadonlyMap<string, Feature>, now: number, maxInProgress?: number): NextPick {
  if (features.size === 0) return { feature: null, reason: 'The board is empty; plan features with feature_create.' };
  if (maxInProgress !== undefined && liveClaims(features, now) >= maxInProgress) {
    return { feature: null, reason: `The in-progress limit (BOARD_MAX_IN_PROGRESS=${maxInProgress}) is reached; finish or release a feature first.` };
  }
  // One pass, no sort: a claim on a board of thousands costs a scan, not an ordering of the whole queue.
  let abandoned: Feature | undefined;
  let next: Feature | undefined;
  let backlog = 0;
  for (const f of features.values()) {
    if (f.status === 'backlog') backlog++;
    if (isAbandoned(f, now)) {
      if (!abandoned || compareQueueOrder(f, abandoned) < 0) abandoned = f;
    } else if (!abandoned && (!next || compareQueueOrder(f, next) < 0) && isReady(f, features, now)) next = f;
  }
  if (abandoned) return { feature: abandoned, takeover: true };
  if (next) return { feature: next, takeover: false };
  if (backlog > 0) {
    return { feature: null, reason: `Nothing is ready: ${backlog} backlog feature(s) wait on dependencies that are not done.` };
  }
  return { feature: null, reason: 'Nothing is ready: no feature is in backlog.' };
}
