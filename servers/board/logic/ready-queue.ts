import { type Feature, appHolds, isClaimed, priorityRank } from '../store/feature.js';
import { unfinishedDependencies } from './dependencies.js';

/** Auto-mode order: highest priority first (1 urgent … 4 low, none as 3), then oldest. */
export function compareQueueOrder(a: Feature, b: Feature): number {
  return priorityRank(a.priority) - priorityRank(b.priority) || compareStrings(a.createdAt, b.createdAt) || compareStrings(a.id, b.id);
}

/** Code-unit order: ISO timestamps and ids sort correctly, without localeCompare's cost on thousands of features. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Why the auto queue never takes this feature, though it may sit in backlog for our views: the apps keep it out of
 * their own auto-mode too.
 * - interrupted: protoMaker's circuit breaker (execution-service.ts:1899-1910); its scheduler never re-queues it.
 * - pipeline_*: upstream runs it through its pipeline steps (pipeline-service.ts:261-264).
 * - assignee other than "agent": a person's (protoMaker feature.ts:336; auto-mode skips it).
 * - isEpic: a container of other features; archived: a stub kept for history (protoMaker feature-loader.ts:151-208).
 */
export function neverAutoClaimed(feature: Feature): string | undefined {
  const app = feature.appStatus;
  if (app === 'interrupted' || app === 'failed' || app?.startsWith('pipeline_')) return `status ${app} in the app`;
  if (typeof feature.assignee === 'string' && feature.assignee && feature.assignee !== 'agent') return 'assigned to a person';
  if (feature.isEpic === true) return 'an epic';
  if (feature.archived === true) return 'archived';
  return undefined;
}

/** In backlog, every dependency done, held by nobody (no live lease, no app claim), and not kept out of the queue. */
export function isReady(feature: Feature, features: ReadonlyMap<string, Feature>, now: number): boolean {
  return (
    feature.status === 'backlog' &&
    !isClaimed(feature, now) &&
    !appHolds(feature) &&
    !neverAutoClaimed(feature) &&
    unfinishedDependencies(feature, features).length === 0
  );
}

/** An in-progress feature whose holder (a session of ours: it has a lease) stopped renewing it: another may take over. */
export function isAbandoned(feature: Feature, now: number): boolean {
  return feature.status === 'in_progress' && !isClaimed(feature, now) && !appHolds(feature) && !neverAutoClaimed(feature);
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
    return {
      feature: null,
      reason: `The in-progress limit (BOARD_MAX_IN_PROGRESS=${maxInProgress}) is reached; finish or release a feature first.`,
    };
  }
  // One pass, no sort: a claim on a board of thousands costs a scan, not an ordering of the whole queue.
  let abandoned: Feature | undefined;
  let next: Feature | undefined;
  let backlog = 0;
  let kept = 0;
  for (const f of features.values()) {
    if (f.status === 'backlog') {
      if (appHolds(f) || neverAutoClaimed(f)) kept++;
      else backlog++;
    }
    if (isAbandoned(f, now)) {
      if (!abandoned || compareQueueOrder(f, abandoned) < 0) abandoned = f;
    } else if (!abandoned && (!next || compareQueueOrder(f, next) < 0) && isReady(f, features, now)) next = f;
  }
  if (abandoned) return { feature: abandoned, takeover: true };
  if (next) return { feature: next, takeover: false };
  const others = kept > 0 ? ` ${kept} more are kept out of the queue (the app's, a person's, epics, archived).` : '';
  if (backlog > 0) {
    return { feature: null, reason: `Nothing is ready: ${backlog} backlog feature(s) wait on dependencies that are not done.${others}` };
  }
  return { feature: null, reason: `Nothing is ready: no feature is in backlog.${others}` };
}
