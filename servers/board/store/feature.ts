import { randomBytes } from 'node:crypto';

/** protoMaker's canonical statuses (protoLabsAI/protoMaker's Feature type). */
export const STATUSES = ['backlog', 'in_progress', 'review', 'blocked', 'done'] as const;
export type Status = (typeof STATUSES)[number];

/** Values written by the Automaker app (and hyphenated MCP enums), normalised on read. */
const LEGACY_STATUS: Record<string, Status> = {
  pending: 'backlog',
  ready: 'backlog',
  running: 'in_progress',
  'in-progress': 'in_progress',
  waiting_approval: 'review',
  verified: 'done',
  completed: 'done',
  failed: 'blocked',
};

/** Legal moves. A feature enters in_progress only through a claim (or a move that claims). */
export const TRANSITIONS: Record<Status, readonly Status[]> = {
  backlog: ['in_progress', 'blocked'],
  in_progress: ['review', 'blocked', 'backlog', 'done'],
  review: ['done', 'in_progress', 'blocked'],
  blocked: ['backlog', 'in_progress'],
  done: ['backlog'],
};

export interface StatusChange {
  /** Ours, or the app's word it replaced (running, pipeline_…, interrupted). */
  from: Status | string | null;
  to: Status;
  timestamp: string;
  reason?: string;
  by?: string;
}

/**
 * protoMaker's `verificationEvidence {command, passed, ranAt, durationMs?, output?}` (libs/types/src/feature.ts:481-488)
 * is what we write, plus four keys of ours its type does not declare (it has no index signature, so no key of ours is
 * "allowed"; its loader reads the JSON without checking keys and keeps them): headSha ties a pass to the commit it
 * tested (the review gate's freshness rule), exitCode, timedOut and clean say how the run ended. Files written
 * before carry `at` and `outputTail` instead of ranAt and output; both shapes are read.
 */
export interface VerificationEvidence {
  command: string;
  passed: boolean;
  ranAt?: string;
  durationMs?: number;
  output?: string;
  exitCode?: number | null;
  headSha?: string;
  timedOut?: boolean;
  clean?: boolean;
  at?: string;
  outputTail?: string;
}

/** When the check ran, and its output tail, from either shape. */
export function evidenceTime(evidence: VerificationEvidence): string | undefined {
  const at = evidence.ranAt ?? evidence.at;
  return typeof at === 'string' ? at : undefined;
}

export function evidenceOutput(evidence: VerificationEvidence): string {
  const output = evidence.output ?? evidence.outputTail;
  return typeof output === 'string' ? output : '';
}

/**
 * A feature as stored in `.automaker/features/<id>/feature.json`. Field names follow Automaker/protoMaker;
 * any field we do not know is kept as it is (the index signature) and written back untouched.
 */
export interface Feature {
  id: string;
  title: string;
  description: string;
  category: string;
  priority?: number;
  status: Status;
  /** The status as stored, when the app wrote one we map (e.g. running, pipeline_review): for views, never written. */
  appStatus?: string;
  dependencies: string[];
  statusHistory: StatusChange[];
  statusChangeReason?: string;
  branchName?: string;
  worktreePath?: string;
  claimedBy?: string;
  /** The server process that holds the claim; its calls renew the lease. */
  claimSession?: string;
  leaseExpiresAt?: string;
  prUrl?: string;
  prNumber?: number;
  summary?: string;
  verificationEvidence?: VerificationEvidence;
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
  [unknownField: string]: unknown;
}

/** Feature ids as Automaker writes them; the input pattern below also admits other safe ids found on disk. */
export function newFeatureId(now: number): string {
  const rand = BigInt(`0x${randomBytes(7).toString('hex')}`)
    .toString(36)
    .padStart(9, '0')
    .slice(-9);
  return `feature-${now}-${rand}`;
}

/** A safe single path segment: no slash, no leading dot or dash, no control characters. */
export const FEATURE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Fields of our views only: never written to disk. */
export const VIEW_ONLY_FIELDS: readonly string[] = ['appStatus'];

export function normalizeStatus(value: unknown): { status: Status; known: boolean } {
  if (typeof value === 'string') {
    if ((STATUSES as readonly string[]).includes(value)) return { status: value as Status, known: true };
    const legacy = LEGACY_STATUS[value];
    if (legacy) return { status: legacy, known: true };
  }
  return { status: 'backlog', known: value === undefined };
}

/** Sort key for priority: 1 urgent … 4 low; 0 or none sorts as 3. */
export function priorityRank(priority: number | undefined): number {
  return priority && priority >= 1 && priority <= 4 ? priority : 3;
}

/**
 * Turns raw JSON from disk into a Feature: statuses normalised, arrays defaulted, creation time taken from the
 * id's timestamp when absent (Automaker never wrote createdAt). Throws on input that cannot be a feature.
 */
export function featureFromDisk(raw: unknown, dirName: string): Feature {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('not a JSON object');
  const obj = raw as Record<string, unknown>;
  const id = typeof obj.id === 'string' && obj.id ? obj.id : dirName;
  if (id !== dirName) throw new Error(`its id "${String(obj.id).slice(0, 80)}" does not match its folder`);
  const createdAt = typeof obj.createdAt === 'string' ? obj.createdAt : timeFromId(id);
  const history = Array.isArray(obj.statusHistory) ? (obj.statusHistory as StatusChange[]) : [];
  const status = normalizeStatus(obj.status).status;
  const { appStatus: _ours, ...fields } = obj;
  return {
    ...fields,
    id,
    title: typeof obj.title === 'string' && obj.title ? obj.title : firstLine(obj.description) || id,
    description: typeof obj.description === 'string' ? obj.description : '',
    category: typeof obj.category === 'string' && obj.category ? obj.category : 'Uncategorized',
    ...(typeof obj.priority === 'number' ? { priority: obj.priority } : {}),
    status,
    ...(typeof obj.status === 'string' && obj.status !== status ? { appStatus: obj.status } : {}),
    dependencies: Array.isArray(obj.dependencies) ? obj.dependencies.filter((d): d is string => typeof d === 'string') : [],
    statusHistory: history,
    createdAt,
    updatedAt: typeof obj.updatedAt === 'string' ? obj.updatedAt : createdAt,
  } as Feature;
}

function timeFromId(id: string): string {
  const ms = Number(id.split('-')[1]);
  return new Date(Number.isFinite(ms) && ms > 0 ? ms : 0).toISOString();
}

function firstLine(text: unknown): string {
  return typeof text === 'string' ? (text.split('\n')[0] ?? '').slice(0, 80) : '';
}

/** A claim of ours counts while its lease has not expired; a claim without a lease is the app's (appHolds). */
export function isClaimed(feature: Feature, now: number): boolean {
  if (!feature.claimedBy || !feature.leaseExpiresAt) return false;
  return Date.parse(feature.leaseExpiresAt) > now;
}

/**
 * Work the app is doing: in progress (or claimed, protoMaker feature-loader.ts:1557-1566) with no lease of ours.
 * The apps never write a lease, so such a feature is running there, not abandoned here.
 */
export function appHolds(feature: Feature): boolean {
  return !feature.leaseExpiresAt && (feature.status === 'in_progress' || Boolean(feature.claimedBy));
}
