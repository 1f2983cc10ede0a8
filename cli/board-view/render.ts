import { unfinishedDependencies } from '../../servers/board/logic/dependencies.js';
import { compareQueueOrder, readyQueue } from '../../servers/board/logic/ready-queue.js';
import { type Feature, isClaimed, STATUSES, type Status } from '../../servers/board/store/feature.js';
import type { BoardSnapshot } from '../../servers/board/store/feature-store.js';
import { safeLine } from '../../servers/board/tools/text.js';

export interface RenderOptions {
  color: boolean;
  /** Terminal width in columns. */
  width: number;
  now: number;
}

const HEADINGS: Record<Status, string> = {
  backlog: 'BACKLOG',
  in_progress: 'IN PROGRESS',
  review: 'REVIEW',
  blocked: 'BLOCKED',
  done: 'DONE',
};
const COLORS: Record<Status, number> = { backlog: 37, in_progress: 33, review: 36, blocked: 31, done: 32 };
const ROWS = 12;

/** The board as kanban columns, then who holds what, the ready queue and what blocks the rest. */
export function renderKanban(board: BoardSnapshot, options: RenderOptions): string {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const bold = (text: string) => (options.color ? `\u001b[1m${text}\u001b[0m` : text);
  const features = [...board.features.values()].sort(compareQueueOrder);
  const columnWidth = Math.max(10, Math.floor((options.width - (STATUSES.length - 1) * 3) / STATUSES.length));
  const columns = STATUSES.map((status) => features.filter((f) => f.status === status));
  const lines: string[] = [];
  lines.push(STATUSES.map((s, i) => paint(COLORS[s], heading(HEADINGS[s], columns[i]?.length ?? 0, columnWidth))).join(' │ '));
  lines.push(STATUSES.map(() => '─'.repeat(columnWidth)).join('─┼─'));
  const rows = Math.min(ROWS, Math.max(0, ...columns.map((c) => c.length)));
  for (let row = 0; row < rows; row++) {
    lines.push(
      columns
        .map((column) => {
          const f = column[row];
          if (!f) return ' '.repeat(columnWidth);
          if (row === ROWS - 1 && column.length > ROWS) return pad(`… ${column.length - ROWS + 1} more`, columnWidth);
          return pad(`${f.priority ? `P${f.priority} ` : ''}${safeLine(f.title)}`, columnWidth);
        })
        .join(' │ '),
    );
  }
  const inProgress = features.filter((f) => f.status === 'in_progress');
  if (inProgress.length) {
    lines.push('', bold('In progress'));
    for (const f of inProgress) {
      const holder = isClaimed(f, options.now)
        ? `${safeLine(f.claimedBy ?? '', 64)}, ${age(claimedSince(f), options.now)}`
        : 'lease expired';
      lines.push(`  ${f.id}  ${safeLine(f.title)}  [${holder}]${f.worktreePath ? `  ${safeLine(f.worktreePath, 1000)}` : ''}`);
    }
  }
  const ready = readyQueue(board.features, options.now);
  lines.push('', bold(`Ready queue (${ready.length})`));
  if (ready.length === 0) lines.push('  (nothing ready)');
  for (const [i, f] of ready.slice(0, 10).entries()) lines.push(`  ${i + 1}. ${f.id}  ${safeLine(f.title)}`);
  const blocked = features.filter(
    (f) => f.status === 'blocked' || (f.status === 'backlog' && unfinishedDependencies(f, board.features).length),
  );
  if (blocked.length) {
    lines.push('', bold('Blocked'));
    for (const f of blocked) {
      const why =
        f.status === 'blocked'
          ? safeLine(f.statusChangeReason ?? '(no reason recorded)', 1000)
          : `waits on ${unfinishedDependencies(f, board.features)
              .map((d) => `${safeLine(d.title ?? d.id)} (${d.status})`)
              .join(', ')}`;
      lines.push(`  ${f.id}  ${safeLine(f.title)}: ${why}`);
    }
  }
  for (const c of board.corrupt) lines.push(paint(31, `! ${safeLine(c.id, 130)}: unreadable feature.json (${safeLine(c.error, 300)})`));
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}

/** A column heading that always keeps its count: the name is shortened instead. */
function heading(name: string, count: number, width: number): string {
  const suffix = ` (${count})`;
  const room = width - suffix.length;
  return pad(name.length <= room ? `${name}${suffix}` : `${name.slice(0, Math.max(1, room - 1))}…${suffix}`, width);
}

function pad(text: string, width: number): string {
  const chars = [...text];
  return chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : text + ' '.repeat(width - chars.length);
}

function claimedSince(feature: Feature): string | undefined {
  return [...feature.statusHistory].reverse().find((h) => h.to === 'in_progress')?.timestamp;
}

function age(iso: string | undefined, now: number): string {
  if (!iso) return 'just now';
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
