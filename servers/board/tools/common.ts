import * as z from 'zod';
import type { ToolDefinition } from '../../../shared/define-tool.js';
import type { BoardDeps } from '../deps.js';
import { leaseRenewalDue } from '../logic/transitions.js';
import { FEATURE_ID_PATTERN, type Feature, type Status, STATUSES } from '../store/feature.js';
import type { FeatureStore } from '../store/feature-store.js';
import { type Dialect, statusToDisk } from '../store/dialect.js';
import { hasUnsafeLineCharacter, safeLine } from './text.js';

/** The longest description a write accepts, and so the most any read shows before cutting it. */
export const DESCRIPTION_MAX = 20_000;

export const featureId = z
  .string()
  .max(128)
  .regex(FEATURE_ID_PATTERN, { message: 'is not a feature id (letters, digits, - and _ only)' })
  .describe('Feature id');

export const status = z.enum(STATUSES).describe('Status');

export const priority = z.number().int().min(0).max(4).describe('1 urgent, 2 high, 3 normal, 4 low (0 = none)');

/** A one-line text field: trimmed, 1..max characters, no control character (they could forge lines or drive a terminal). */
export function singleLine(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => !hasUnsafeLineCharacter(text), { message: 'must be one line without control characters' });
}

export const title = singleLine(200).describe('Short title');
export const description = z.string().max(DESCRIPTION_MAX).describe('What to build and how to know it is done');
export const category = singleLine(60).describe('Category, e.g. backend');

/** A compact one-line view of a feature for lists. */
export interface FeatureLine {
  id: string;
  title: string;
  status: Status;
  /** The status as the app wrote it, where it differs from ours. */
  appStatus?: string;
  priority?: number;
  category: string;
  claimedBy?: string;
  blockedBy?: string[];
  /** Set when blockedBy shows only the first BLOCKERS_SHOWN. */
  blockedByTotal?: number;
}

const BLOCKERS_SHOWN = 20;

export function featureLine(feature: Feature, features?: ReadonlyMap<string, Feature>): FeatureLine {
  const line: FeatureLine = {
    id: feature.id,
    title: safeLine(feature.title),
    status: feature.status,
    category: safeLine(feature.category, 60),
  };
  if (feature.appStatus) line.appStatus = safeLine(feature.appStatus, 60);
  if (feature.priority) line.priority = feature.priority;
  if (feature.claimedBy && feature.status === 'in_progress') line.claimedBy = safeLine(feature.claimedBy, 64);
  if (features && feature.status !== 'done') {
    const open = feature.dependencies.filter((d) => features.get(d)?.status !== 'done');
    if (open.length > 0) line.blockedBy = open.slice(0, BLOCKERS_SHOWN).map((d) => safeLine(d, 130));
    if (open.length > BLOCKERS_SHOWN) line.blockedByTotal = open.length;
  }
  return line;
}

/** After a move: the word the board's app reads, where it is not ours (review is written waiting_approval upstream). */
export function withAppWord(line: FeatureLine, dialect: Dialect | undefined): FeatureLine {
  const word = statusToDisk(line.status, dialect ?? 'canonical');
  return word === line.status ? line : { ...line, appStatus: word };
}

export function renderLine(line: FeatureLine): string {
  const parts = [
    line.id,
    line.appStatus ? `${line.status} (app: ${line.appStatus})` : line.status,
    line.priority ? `P${line.priority}` : undefined,
    line.title,
  ];
  let text = parts.filter(Boolean).join(' · ');
  if (line.claimedBy) text += ` [${line.claimedBy}]`;
  if (line.blockedBy) text += ` [waits on ${line.blockedByTotal ?? line.blockedBy.length}]`;
  return text;
}

/** The holder's own calls on a feature keep its claim alive. */
export async function renewLeaseIfHolder(deps: BoardDeps, store: FeatureStore, feature: Feature): Promise<Feature> {
  if (!leaseRenewalDue(feature, deps.actor, deps.clock(), deps.config.leaseMs)) return feature;
  return store.transaction((board, writes) => {
    const fresh = board.features.get(feature.id);
    const now = deps.clock();
    if (!fresh || !leaseRenewalDue(fresh, deps.actor, now, deps.config.leaseMs)) return fresh ?? feature;
    const renewed = { ...fresh, leaseExpiresAt: new Date(now + deps.config.leaseMs).toISOString() };
    writes.save(renewed);
    return renewed;
  });
}

export function ageSeconds(iso: string | undefined, now: number): number | undefined {
  return iso ? Math.max(0, Math.round((now - Date.parse(iso)) / 1000)) : undefined;
}

/** defineTool with the board's dependencies fixed, so handlers get a typed `ctx.deps`. */
export function defineBoardTool<Input extends z.ZodObject>(definition: ToolDefinition<Input, BoardDeps>): ToolDefinition<Input, BoardDeps> {
  return definition;
}
