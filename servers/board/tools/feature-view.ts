/**
 * One feature as an answer, bounded whatever is on disk: a feature.json of any size (a 50 MB description, a huge
 * unknown field, thousands of dependencies) yields a view of a few tens of KB. Every cut carries a marker naming
 * the file that holds the rest. Writes accept no more than this shows (DESCRIPTION_MAX and the tools' limits).
 */
import { type Feature, appHolds } from '../store/feature.js';
import { DESCRIPTION_MAX } from './common.js';
import { safeLine } from './text.js';

const FIELD_CHARS = 2000;
const SUMMARY_CHARS = 5000;
const OUTPUT_TAIL_CHARS = 6000;
/** Fields the board does not know (kept for the Automaker app) share this budget; beyond it they are named only. */
const UNKNOWN_FIELDS_CHARS = 8000;
const UNKNOWN_FIELDS_NAMED = 20;
const KNOWN_FIELDS = new Set([
  'id',
  'title',
  'description',
  'category',
  'priority',
  'status',
  'dependencies',
  'statusHistory',
  'statusChangeReason',
  'branchName',
  'worktreePath',
  'claimedBy',
  'claimSession',
  'leaseExpiresAt',
  'prUrl',
  'prNumber',
  'summary',
  'verificationEvidence',
  'createdAt',
  'updatedAt',
  'completedAt',
  'mergeCommit',
  'appStatus',
]);

/** Our status, and the app's where the file says it differently: `in_progress (app: running)`. */
export function statusView(feature: Feature): string {
  return feature.appStatus ? `${feature.status} (app: ${safeLine(feature.appStatus, 60)})` : feature.status;
}

export function cutText(text: string, max: number, where: string): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… [cut: ${text.length - max} more characters; ${where}]`;
}

/** The feature's own fields, each bounded; unknown fields within a shared budget. */
export function boundedFeature(feature: Feature): Record<string, unknown> {
  const where = `the whole text is in .automaker/features/${feature.id}/feature.json`;
  const view: Record<string, unknown> = {};
  const omitted: string[] = [];
  let unknownChars = 0;
  for (const [key, value] of Object.entries(feature)) {
    if (KNOWN_FIELDS.has(key)) continue;
    const size = JSON.stringify(value ?? null).length;
    if (unknownChars + size > UNKNOWN_FIELDS_CHARS || key.length > 100) {
      omitted.push(safeLine(key, 100));
      continue;
    }
    unknownChars += size;
    view[key] = value;
  }
  for (const key of [
    'category',
    'statusChangeReason',
    'branchName',
    'worktreePath',
    'claimedBy',
    'leaseExpiresAt',
    'prUrl',
    'createdAt',
    'updatedAt',
    'completedAt',
    'mergeCommit',
  ]) {
    const value = feature[key];
    if (typeof value === 'string') view[key] = safeLine(value, FIELD_CHARS);
    else if (value !== undefined) view[key] = typeof value === 'object' ? '[not a string]' : value;
  }
  Object.assign(view, {
    id: feature.id,
    title: safeLine(feature.title),
    status: statusView(feature),
    ...(appHolds(feature) ? { heldBy: 'the app (no lease of ours); feature_claim with force takes it over' } : {}),
    description: cutText(feature.description, DESCRIPTION_MAX, where),
    ...(typeof feature.priority === 'number' ? { priority: feature.priority } : {}),
    ...(typeof feature.prNumber === 'number' ? { prNumber: feature.prNumber } : {}),
    ...(typeof feature.summary === 'string' ? { summary: cutText(feature.summary, SUMMARY_CHARS, where) } : {}),
    ...(feature.verificationEvidence ? { verificationEvidence: boundedEvidence(feature.verificationEvidence, where) } : {}),
  });
  if (omitted.length > 0) {
    view.omittedFields = { names: omitted.slice(0, UNKNOWN_FIELDS_NAMED), count: omitted.length, note: `not shown (too large); ${where}` };
  }
  return view;
}

function boundedEvidence(evidence: Feature['verificationEvidence'] & object, where: string): Record<string, unknown> {
  const bounded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(evidence)) {
    if (typeof value === 'string')
      bounded[key] = key === 'outputTail' || key === 'output' ? cutText(value, OUTPUT_TAIL_CHARS, where) : safeLine(value, FIELD_CHARS);
    else if (typeof value !== 'object' || value === null) bounded[key] = value;
  }
  return bounded;
}

/** The last history entries, each reason bounded. */
export function boundedHistory(feature: Feature, shown: number): Array<Record<string, unknown>> {
  return feature.statusHistory.slice(-shown).map((entry) => {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as unknown as Record<string, unknown>;
    return {
      from: typeof e.from === 'string' ? safeLine(e.from, 40) : null,
      to: typeof e.to === 'string' ? safeLine(e.to, 40) : null,
      timestamp: typeof e.timestamp === 'string' ? safeLine(e.timestamp, 40) : e.timestamp,
      ...(typeof e.by === 'string' ? { by: safeLine(e.by, 100) } : {}),
      ...(typeof e.reason === 'string' ? { reason: safeLine(e.reason, 1000) } : {}),
    };
  });
}
