import { type Feature, evidenceOutput, priorityRank, type Status, STATUSES } from '../../servers/board/store/feature.js';
import { safeLine, safeText } from '../../servers/board/tools/text.js';

/** A pending (or recently decided) approval the discord server recorded for a feature. */
export interface CardApproval {
  id: string;
  title: string;
  status: string;
  risk?: string;
  url?: string;
}

/**
 * What one card shows. Every string is from disk and untrusted: the page sets it as text only. Times are
 * timestamps, not ages, so a card changes only when its feature (or a dependency) does.
 */
export interface Card {
  id: string;
  title: string;
  status: Status;
  category: string;
  priority?: number;
  /** Sort key within a column (the auto-mode queue order: priority, then oldest). */
  order: string;
  dependencies: Array<{ title: string; done: boolean }>;
  /** In backlog with every dependency done. */
  ready: boolean;
  holder?: string;
  claimedSince?: string;
  leaseExpiresAt?: string;
  branch?: string;
  pr?: { number?: number; url?: string; state: string };
  verification?: { passed: boolean; at: string; headSha: string; command: string };
  blockedReason?: string;
  approvals: CardApproval[];
}

export interface FeatureDetail {
  card: Card;
  description: string;
  history: Array<{ from: string | null; to: string; at: string; by?: string; reason?: string }>;
  log: string[];
  verificationOutput?: string;
}

const SHOWN_DEPENDENCIES = 12;
const HISTORY_SHOWN = 50;

export function toCard(feature: Feature, features: ReadonlyMap<string, Feature>, approvals: readonly CardApproval[] = []): Card {
  const dependencies = feature.dependencies.slice(0, SHOWN_DEPENDENCIES).map((id) => {
    const dep = features.get(id);
    return { title: safeLine(dep?.title ?? `${id} (missing)`, 120), done: dep?.status === 'done' };
  });
  const allDone = feature.dependencies.every((id) => features.get(id)?.status === 'done');
  const evidence = feature.verificationEvidence;
  return {
    id: feature.id,
    title: safeLine(feature.title),
    status: feature.status,
    category: safeLine(feature.category, 80),
    ...(typeof feature.priority === 'number' && feature.priority > 0 ? { priority: priorityRank(feature.priority) } : {}),
    order: sortKey(feature),
    dependencies,
    ready: feature.status === 'backlog' && allDone,
    ...(feature.status === 'in_progress' && feature.claimedBy ? { holder: safeLine(feature.claimedBy, 64) } : {}),
    ...(feature.status === 'in_progress' ? optional('claimedSince', lastMoveTo(feature, 'in_progress')) : {}),
    ...(feature.status === 'in_progress' ? optional('leaseExpiresAt', isoOrUndefined(feature.leaseExpiresAt)) : {}),
    ...optional('branch', feature.branchName ? safeLine(feature.branchName, 200) : undefined),
    ...optional('pr', pullRequest(feature)),
    ...(evidence && typeof evidence === 'object'
      ? {
          verification: {
            passed: evidence.passed === true,
            at: String(evidence.ranAt ?? evidence.at ?? ''),
            headSha: safeLine(String(evidence.headSha ?? '').slice(0, 12), 12),
            command: safeLine(String(evidence.command ?? ''), 200),
          },
        }
      : {}),
    ...(feature.status === 'blocked' ? { blockedReason: safeLine(feature.statusChangeReason ?? '(no reason recorded)', 500) } : {}),
    approvals: [...approvals],
  };
}

export function toDetail(card: Card, feature: Feature, log: string[]): FeatureDetail {
  const output = feature.verificationEvidence ? evidenceOutput(feature.verificationEvidence) : '';
  return {
    card,
    description: safeText(feature.description).slice(0, 20_000),
    history: feature.statusHistory.slice(-HISTORY_SHOWN).map((h) => ({
      from: typeof h.from === 'string' ? h.from : null,
      to: String(h.to),
      at: String(h.timestamp),
      ...(h.by ? { by: safeLine(String(h.by), 64) } : {}),
      ...(h.reason ? { reason: safeLine(String(h.reason), 500) } : {}),
    })),
    log: log.map((line) => safeLine(line, 500)),
    ...(output ? { verificationOutput: safeText(output).slice(-4000) } : {}),
  };
}

/** The filter the page sends: text in the title, id, category or branch (any case), and an exact category. */
export interface CardFilter {
  text: string;
  category: string;
}

export function matchesFilter(card: Card, filter: CardFilter): boolean {
  if (filter.category && card.category !== filter.category) return false;
  if (!filter.text) return true;
  const needle = filter.text.toLowerCase();
  return [card.title, card.id, card.category, card.branch ?? ''].some((s) => s.toLowerCase().includes(needle));
}

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

/** The auto-mode queue order (compareQueueOrder) as one string, so the page can place a card it is sent without knowing the others. */
function sortKey(feature: Feature): string {
  return `${priorityRank(feature.priority)}|${feature.createdAt}|${feature.id}`;
}

/** The last state the board knows of the feature's pull request (the github server links it; a merge marks it). */
function pullRequest(feature: Feature): Card['pr'] {
  if (!feature.prUrl && !feature.prNumber) return undefined;
  const url = typeof feature.prUrl === 'string' && /^https?:\/\/[^\s]+$/i.test(feature.prUrl) ? safeLine(feature.prUrl, 500) : undefined;
  const recorded = typeof feature.prState === 'string' ? safeLine(feature.prState, 40) : undefined;
  const state = recorded ?? (feature.mergeCommit || feature.status === 'done' ? 'merged' : 'open');
  return { ...(typeof feature.prNumber === 'number' ? { number: feature.prNumber } : {}), ...(url ? { url } : {}), state };
}

function lastMoveTo(feature: Feature, to: string): string | undefined {
  for (let i = feature.statusHistory.length - 1; i >= 0; i--) {
    const entry = feature.statusHistory[i];
    if (entry?.to === to) return isoOrUndefined(entry.timestamp);
  }
  return undefined;
}

function isoOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? safeLine(value, 40) : undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
