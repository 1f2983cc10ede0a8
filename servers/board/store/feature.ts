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
  from: Status | null;
  to: Status;
  timestamp: string;
  reason?: string;
  by?: string;
}

export interface VerificationEvidence {
  command: string;
  exitCode: number | null;
  passed: boolean;
  durationMs: number;
  outputTail: string;
  headSha: string;
  at: string;
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
  const rand = BigInt(`0x${randomBytes(7).toString('hex')}`).toString(36).padStart(9, '0').slice(-9);
  return `feature-${now}-${rand}`;
}

/** A safe single path segment: no slash, no leading dot or dash, no control characters. */
export const FEATURE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

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
  return {
    ...obj,
    id,
    title: typeof obj.title === 'string' && obj.title ? obj.title : firstLine(obj.description) || id,
    description: typeof obj.description === 'string' ? obj.description : '',
    category: typeof obj.category === 'string' && obj.category ? obj.category : 'Uncategorized',
    ...(typeof obj.priority === 'number' ? { priority: obj.priority } : {}),
    status: normalizeStatus(obj.status).status,
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

/** A claim counts while its lease has not expired. */
export function isClaimed(feature: Feature, now: number): boolean {
  if (!feature.claimedBy) return false;
  return !feature.leaseExpiresAt || Date.parse(feature.leaseExpiresAt) > now;
}
