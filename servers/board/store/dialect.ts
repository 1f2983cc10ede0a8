import type { Status } from './feature.js';

/**
 * Which app's vocabulary a board speaks. `canonical` is protoMaker's (protoLabsAI/protoMaker) and ours;
 * `automaker` is upstream Automaker's (AutoMaker-Org/automaker v0.9.0). We read both and write the board's own,
 * so what we move shows in the right column of that app.
 */
export type Dialect = 'canonical' | 'automaker';
export const DIALECTS: readonly Dialect[] = ['canonical', 'automaker'];

/** Statuses only upstream writes or declares (libs/types/src/feature.ts:73; pipeline.ts:22-28). */
const AUTOMAKER_ONLY = new Set(['waiting_approval', 'verified', 'completed', 'pending', 'ready', 'running', 'failed']);
/** Statuses only protoMaker (and we) write (protoMaker libs/types/src/feature.ts:752-758). */
const CANONICAL_ONLY = new Set(['review', 'blocked', 'done', 'interrupted']);

/** Which dialect one stored status is evidence of, if any (backlog and in_progress are shared). */
export function statusEvidence(raw: unknown): Dialect | undefined {
  if (typeof raw !== 'string') return undefined;
  if (AUTOMAKER_ONLY.has(raw) || raw.startsWith('pipeline_')) return 'automaker';
  if (CANONICAL_ONLY.has(raw)) return 'canonical';
  return undefined;
}

/** A stored priority upstream never writes (its scale is 1–3, card-badges.tsx:131) is evidence of ours. */
export function priorityEvidence(raw: unknown): Dialect | undefined {
  return raw === 0 || raw === 4 ? 'canonical' : undefined;
}

/**
 * A board is upstream's when its statuses say so and none says otherwise; a mixed board is protoMaker's (its loader
 * normalises upstream's legacy values itself, protoMaker feature.ts:785-838), and so is a new one.
 */
export function detectDialect(counts: { automaker: number; canonical: number }, setting?: Dialect): Dialect {
  if (setting) return setting;
  return counts.automaker > 0 && counts.canonical === 0 ? 'automaker' : 'canonical';
}

/**
 * Our status as upstream writes it:
 * - review → waiting_approval: auto-mode-service.ts:611 writes it when an agent finishes; column "Waiting Approval"
 *   (board-view/constants.ts:15-39).
 * - done → verified: column "Verified", and the dependency resolver counts only completed|verified as finished
 *   (libs/dependency-resolver/src/resolver.ts). `completed` is the archive (use-board-actions.ts:753), so not that.
 * - blocked → failed: declared in upstream's FeatureStatus (feature.ts:73); its board sends it to Backlog
 *   (use-board-column-features.ts:127-131 "Unknown status, default to backlog") and loadPendingFeatures takes only
 *   pending/ready/backlog, so auto-mode leaves it alone — as it would our `blocked`, which upstream does not declare.
 */
const TO_AUTOMAKER: Record<Status, string> = {
  backlog: 'backlog',
  in_progress: 'in_progress',
  review: 'waiting_approval',
  blocked: 'failed',
  done: 'verified',
};

export function statusToDisk(status: Status, dialect: Dialect): string {
  return dialect === 'automaker' ? TO_AUTOMAKER[status] : status;
}

/**
 * Upstream priorities are 1 High, 2 Medium, 3 Low (card-badges.tsx:131; the resolver's default is 2, resolver.ts:74);
 * ours 1 urgent, 2 high, 3 normal, 4 low (0 none). Mapped by their labels: High ↔ high, Medium ↔ normal, Low ↔ low;
 * our urgent is written as upstream's High.
 */
const FROM_AUTOMAKER_PRIORITY: Record<number, number> = { 1: 2, 2: 3, 3: 4 };
const TO_AUTOMAKER_PRIORITY: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 3 };

export function priorityFromDisk(priority: unknown, dialect: Dialect): number | undefined {
  if (typeof priority !== 'number') return undefined;
  return dialect === 'automaker' ? FROM_AUTOMAKER_PRIORITY[priority] : priority;
}

/** Undefined: the field is left out (upstream has no "none"; its resolver reads a missing priority as Medium). */
export function priorityToDisk(priority: number | undefined, dialect: Dialect): number | undefined {
  if (priority === undefined) return undefined;
  return dialect === 'automaker' ? TO_AUTOMAKER_PRIORITY[priority] : priority;
}
