import { type Dialect, priorityFromDisk, priorityToDisk, statusToDisk } from './dialect.js';
import { type Feature, VIEW_ONLY_FIELDS, featureFromDisk } from './feature.js';

/**
 * A feature as our logic sees it on a board of this dialect: the stored priority on our scale. The status is
 * already ours (featureFromDisk); priorities need the board's dialect, which one file cannot tell.
 */
export function inDialect(feature: Feature, dialect: Dialect): Feature {
  if (dialect === 'canonical' || feature.priority === undefined) return feature;
  const { priority, ...rest } = feature;
  const ours = priorityFromDisk(priority, dialect);
  return (ours === undefined ? rest : { ...rest, priority: ours }) as Feature;
}

/**
 * The JSON object to write for `next`, given the object on disk it was made from (`raw`, undefined for a new
 * feature). We write only what the tool changed: a field equal to what reading `raw` gave is written back exactly
 * as it was on disk (an app's status, an empty title, a missing createdAt stay so); changed fields are written in
 * the board's vocabulary; keys keep their order, new ones go last; fields of our views are never written.
 */
export function diskShape(next: Feature, raw: Record<string, unknown> | undefined, dialect: Dialect): Record<string, unknown> {
  const base: Record<string, unknown> = raw ? inDialect(featureFromDisk(raw, next.id), dialect) : {};
  const out: Record<string, unknown> = {};
  const fields = next as Record<string, unknown>;
  // A status set by a tool (withStatus drops appStatus) is written in our word even when it maps to the same one.
  const statusSet = base.appStatus !== undefined && next.appStatus === undefined;
  const put = (key: string) => {
    const value = fields[key];
    if (raw && key in base && sameValue(value, base[key]) && !(key === 'status' && statusSet)) {
      if (key in raw) out[key] = raw[key];
      return;
    }
    if (value === undefined) return;
    if (key === 'status') out[key] = statusToDisk(next.status, dialect);
    else if (key === 'priority') {
      const stored = priorityToDisk(next.priority, dialect);
      if (stored !== undefined) out[key] = stored;
    } else out[key] = value;
  };
  for (const key of Object.keys(raw ?? {})) {
    if (VIEW_ONLY_FIELDS.includes(key)) out[key] = raw?.[key];
    else if (key in fields) put(key);
  }
  for (const key of Object.keys(fields)) if (!(key in out) && !(raw && key in raw) && !VIEW_ONLY_FIELDS.includes(key)) put(key);
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
