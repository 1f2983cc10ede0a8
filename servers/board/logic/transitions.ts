import { ConflictError, InputError } from '../../../shared/errors.js';
import { type Feature, type Status, TRANSITIONS, appHolds, isClaimed } from '../store/feature.js';
import { unfinishedDependencies } from './dependencies.js';

/** Who is calling: the server process's session, and the agent name it gave, if any. */
export interface Actor {
  session: string;
  agent?: string;
}

export function actorName(actor: Actor): string {
  return actor.agent ?? actor.session;
}

/** Whether `actor` holds the live claim on `feature`: the session that made it does; `agent` only labels the work. */
export function holdsClaim(feature: Feature, actor: Actor, now: number): boolean {
  if (!isClaimed(feature, now)) return false;
  return feature.claimSession === actor.session;
}

/** Refuses to touch a feature someone else holds a live claim on. */
export function assertNotHeldByOther(feature: Feature, actor: Actor, now: number): void {
  if (isClaimed(feature, now) && !holdsClaim(feature, actor, now)) {
    throw new ConflictError(
      `Feature ${feature.id} is claimed by ${feature.claimedBy} until ${feature.leaseExpiresAt}; wait for the lease to expire or ask its holder to release it.`,
    );
  }
}

/** Refuses to move work the app is doing (in progress or claimed there, no lease of ours); feature_claim with force takes it over. */
export function assertNotAppWork(feature: Feature): void {
  if (appHolds(feature)) {
    throw new ConflictError(
      `Feature ${feature.id} is being worked on in the app (${feature.appStatus ?? feature.status}, no lease of ours); leave it, or take it over with feature_claim (id, force, reason).`,
    );
  }
}

/** Checks a status change against the transition table, the blocked-needs-reason rule and dependencies. */
export function assertMoveAllowed(feature: Feature, to: Status, features: ReadonlyMap<string, Feature>, reason?: string): void {
  const legal = TRANSITIONS[feature.status];
  if (!legal.includes(to)) {
    throw new InputError(
      `Cannot move ${feature.id} from ${feature.status} to ${to}; legal moves from ${feature.status}: ${legal.join(', ')}.`,
    );
  }
  if (to === 'blocked' && !reason?.trim()) throw new InputError('Moving a feature to blocked needs a reason.');
  if (to === 'in_progress') {
    const open = unfinishedDependencies(feature, features);
    if (open.length > 0) {
      throw new ConflictError(
        `Feature ${feature.id} cannot start: ${open.length} dependenc${open.length === 1 ? 'y is' : 'ies are'} not done.`,
        {
          blockers: open,
        },
      );
    }
  }
}

/** Returns the feature with its status changed, the change appended to statusHistory, and claim fields settled. */
export function withStatus(feature: Feature, to: Status, change: { now: number; by: string; reason?: string }): Feature {
  const timestamp = new Date(change.now).toISOString();
  const next: Feature = {
    ...feature,
    status: to,
    statusHistory: [
      ...feature.statusHistory,
      // `from` is the status as it was on disk (the app's word, e.g. running), so the history tells what was replaced.
      { from: feature.appStatus ?? feature.status, to, timestamp, by: change.by, ...(change.reason ? { reason: change.reason } : {}) },
    ],
    updatedAt: timestamp,
  };
  delete next.appStatus; // it described the status we replaced
  if (change.reason) next.statusChangeReason = change.reason;
  else delete next.statusChangeReason;
  if (to !== 'in_progress') clearClaim(next);
  if (to === 'done') next.completedAt = timestamp;
  return next;
}

export function withClaim(feature: Feature, actor: Actor, now: number, leaseMs: number): Feature {
  return {
    ...feature,
    claimedBy: actorName(actor),
    claimSession: actor.session,
    leaseExpiresAt: new Date(now + leaseMs).toISOString(),
    updatedAt: new Date(now).toISOString(),
  };
}

export function clearClaim(feature: Feature): void {
  delete feature.claimedBy;
  delete feature.claimSession;
  delete feature.leaseExpiresAt;
}

/** A holder's lease is renewed at most once a minute, so reads by the holder rarely cause a write. */
export function leaseRenewalDue(feature: Feature, actor: Actor, now: number, leaseMs: number): boolean {
  if (!holdsClaim(feature, actor, now) || !feature.leaseExpiresAt) return false;
  return Date.parse(feature.leaseExpiresAt) - now < leaseMs - 60_000;
}
