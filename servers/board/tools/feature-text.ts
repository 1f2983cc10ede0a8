import { safeText } from './text.js';

/**
 * feature_get's text: the bounded view (feature-view.ts) as the lines a model reads, most useful first. Every
 * field of the view appears; fields the board does not know (kept for the Automaker app) come last as compact JSON.
 */
const SHOWN_ELSEWHERE = new Set([
  'id',
  'title',
  'status',
  'priority',
  'category',
  'heldBy',
  'claimedBy',
  'leaseExpiresAt',
  'branchName',
  'worktreePath',
  'prNumber',
  'prUrl',
  'mergeCommit',
  'verificationEvidence',
  'dependencies',
  'dependenciesTotal',
  'dependents',
  'dependentsTotal',
  'statusHistory',
  'olderHistoryEntries',
  'statusChangeReason',
  'description',
  'summary',
  'logTail',
  'logCut',
  'omittedFields',
  'createdAt',
  'updatedAt',
  'completedAt',
]);
const OTHER_FIELD_CHARS = 300;

type View = Record<string, unknown>;
type Related = { id: string; title?: string; status: string };

export function renderFeature(view: View): string {
  const s = (key: string) => (typeof view[key] === 'string' || typeof view[key] === 'number' ? String(view[key]) : undefined);
  const lines = [
    [s('id'), s('status'), s('priority') && `P${s('priority')}`, s('category')].filter(Boolean).join(' · '),
    `title: ${s('title')}`,
  ];
  if (s('heldBy')) lines.push(`held by ${s('heldBy')}`);
  else if (s('claimedBy')) lines.push(`claimed by ${s('claimedBy')}${s('leaseExpiresAt') ? ` until ${s('leaseExpiresAt')}` : ''}`);
  const where = [s('branchName') && `branch ${s('branchName')}`, s('worktreePath') && `worktree ${s('worktreePath')}`].filter(Boolean);
  if (where.length) lines.push(where.join(' · '));
  const pr = [s('prNumber') && `PR #${s('prNumber')}`, s('prUrl'), s('mergeCommit') && `merged as ${s('mergeCommit')}`].filter(Boolean);
  if (pr.length) lines.push(pr.join(' '));
  const evidence = view.verificationEvidence as Record<string, unknown> | undefined;
  if (evidence) lines.push(renderEvidence(evidence));
  lines.push(`depends on: ${related(view.dependencies, view.dependenciesTotal)}`);
  lines.push(`dependents: ${related(view.dependents, view.dependentsTotal)}`);
  lines.push(`history: ${history(view.statusHistory, view.olderHistoryEntries)}`);
  const dates = ['createdAt', 'updatedAt', 'completedAt'].filter((k) => s(k)).map((k) => `${k} ${s(k)}`);
  if (dates.length) lines.push(dates.join(' · '));
  const other = Object.entries(view).filter(([key]) => !SHOWN_ELSEWHERE.has(key));
  if (other.length) lines.push(`other fields: ${other.map(([key, value]) => `${key}=${compact(value)}`).join('; ')}`);
  const omitted = view.omittedFields as { names: string[]; count: number; note: string } | undefined;
  if (omitted) lines.push(`${omitted.count} more field(s) ${omitted.note}: ${omitted.names.join(', ')}`);
  lines.push('description:', safeText(s('description') || '(none)'));
  if (s('summary')) lines.push('summary:', safeText(s('summary') as string));
  const log = (view.logTail as string[] | undefined) ?? [];
  lines.push(
    log.length
      ? `log (last ${log.length} lines${view.logCut ? `; ${String(view.logCut)}` : ''}):\n${safeText(log.join('\n'))}`
      : 'log: empty',
  );
  return lines.join('\n');
}

function renderEvidence(e: Record<string, unknown>): string {
  const at = e.at ?? e.ranAt;
  const sha = typeof e.headSha === 'string' ? ` on ${e.headSha.slice(0, 12)}` : '';
  const exit = e.exitCode !== undefined ? ` (exit ${String(e.exitCode)})` : '';
  const output = e.outputTail ?? e.output;
  const tail = typeof output === 'string' && output && e.passed !== true ? `\n${safeText(output)}` : '';
  return `verification: ${e.passed === true ? 'PASSED' : 'FAILED'} \`${String(e.command ?? '?')}\`${exit}${sha}${at ? ` at ${String(at)}` : ''}${tail}`;
}

function related(list: unknown, total: unknown): string {
  const items = (Array.isArray(list) ? list : []) as Related[];
  if (items.length === 0) return 'none';
  const more = typeof total === 'number' && total > items.length ? ` … ${total - items.length} more` : '';
  return items.map((r) => `${r.id} (${r.status})${r.title ? ` ${r.title}` : ''}`).join('; ') + more;
}

function history(list: unknown, older: unknown): string {
  const entries = (Array.isArray(list) ? list : []) as Array<Record<string, unknown>>;
  const shown = entries.map(
    (e) => `${String(e.to)} ${String(e.timestamp ?? '')}${e.by ? ` by ${String(e.by)}` : ''}${e.reason ? ` (${String(e.reason)})` : ''}`,
  );
  return `${typeof older === 'number' && older > 0 ? `… ${older} older; ` : ''}${shown.join(' → ') || 'none'}`;
}

function compact(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  return json.length > OTHER_FIELD_CHARS ? `${json.slice(0, OTHER_FIELD_CHARS)}…` : json;
}
