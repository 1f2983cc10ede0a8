import * as z from 'zod';
import { READ } from '../../../shared/define-tool.js';
import { unfinishedDependencies } from '../logic/dependencies.js';
import { readyQueue } from '../logic/ready-queue.js';
import { STATUSES, type Feature, isClaimed } from '../store/feature.js';
import type { BoardSnapshot } from '../store/feature-store.js';
import { ageSeconds, defineBoardTool } from './common.js';
import { safeLine } from './text.js';

const READY_SHOWN = 10;
const BLOCKED_SHOWN = 20;
const IN_PROGRESS_SHOWN = 20;
const CORRUPT_SHOWN = 20;
const WAITING_IN_TEXT = 3;

export const boardView = defineBoardTool({
  name: 'board_view',
  title: 'View the board',
  description: 'The board at a glance: counts per status, who holds what, the ready queue (top 10) and what blocks the rest.',
  input: z.object({}).strict(),
  hints: READ,
  tier: 'basic',
  async handler(_args, ctx) {
    const { store, location } = await ctx.deps.board();
    const board = await store.snapshot();
    const view = summarizeBoard(board, ctx.deps.clock());
    const data: Record<string, unknown> = { ...view, repository: location.mainRoot };
    let text = renderBoard(view);
    if (location.currentWorktree !== location.mainRoot) {
      const here = [...board.features.values()].find((f) => f.worktreePath === location.currentWorktree);
      data.here = { worktree: location.currentWorktree, ...(here ? { feature: here.id, title: safeLine(here.title) } : {}) };
      text = `This session is in ${here ? `the worktree of ${here.id} (${safeLine(here.title)})` : `worktree ${location.currentWorktree}`}.\n${text}`;
    }
    return { data, text };
  },
});

export type BoardSummary = ReturnType<typeof summarizeBoard>;

export function summarizeBoard(board: BoardSnapshot, now: number) {
  const features = [...board.features.values()];
  const counts = Object.fromEntries(STATUSES.map((s) => [s, features.filter((f) => f.status === s).length]));
  const inProgress = features
    .filter((f) => f.status === 'in_progress')
    .map((f) => ({
      id: f.id,
      title: safeLine(f.title),
      claimedBy: f.claimedBy ? safeLine(f.claimedBy, 64) : null,
      claimedForSeconds: ageSeconds(lastEntry(f, 'in_progress'), now),
      leaseExpired: !isClaimed(f, now),
      ...(f.worktreePath ? { worktree: safeLine(f.worktreePath, 1000) } : {}),
    }));
  const queue = readyQueue(board.features, now);
  const ready = queue
    .slice(0, READY_SHOWN)
    .map((f) => ({ id: f.id, title: safeLine(f.title), ...(f.priority ? { priority: f.priority } : {}) }));
  const blocked = features
    .filter((f) => f.status === 'blocked' || (f.status === 'backlog' && unfinishedDependencies(f, board.features).length > 0))
    .map((f) => ({
      id: f.id,
      title: safeLine(f.title),
      status: f.status,
      ...(f.status === 'blocked' ? { reason: safeLine(f.statusChangeReason ?? '(no reason recorded)', 1000) } : {}),
      ...(f.dependencies.length ? { waitsOn: unfinishedDependencies(f, board.features).map((d) => safeLine(d.id, 130)) } : {}),
    }));
  return {
    counts,
    total: features.length,
    inProgress: inProgress.slice(0, IN_PROGRESS_SHOWN),
    inProgressTotal: inProgress.length,
    ready,
    readyTotal: queue.length,
    blocked: blocked.slice(0, BLOCKED_SHOWN),
    blockedTotal: blocked.length,
    ...(board.corrupt.length ? { corrupt: board.corrupt.slice(0, CORRUPT_SHOWN), corruptTotal: board.corrupt.length } : {}),
  };
}

function lastEntry(feature: Feature, to: string): string | undefined {
  for (let i = feature.statusHistory.length - 1; i >= 0; i--) {
    if (feature.statusHistory[i]?.to === to) return feature.statusHistory[i]?.timestamp;
  }
  return undefined;
}

export function renderBoard(view: BoardSummary): string {
  const lines = [STATUSES.map((s) => `${s} ${view.counts[s]}`).join(' · ')];
  for (const f of view.inProgress) {
    const held = f.leaseExpired ? 'lease expired' : `${f.claimedBy}, ${Math.round((f.claimedForSeconds ?? 0) / 60)} min`;
    lines.push(`▶ ${f.id} · ${f.title} [${held}]${f.worktree ? ` @ ${f.worktree}` : ''}`);
  }
  more(lines, view.inProgressTotal - view.inProgress.length, 'in progress');
  if (view.ready.length) lines.push(`Ready (${view.readyTotal}): ${view.ready.map((f) => `${f.id} ${f.title}`).join('; ')}`);
  // Blocked features carry a reason someone must act on; the text names only the first few that merely wait on
  // unfinished dependencies (they start on their own; feature_get names what each waits on).
  const blocked = view.blocked.filter((f) => f.status === 'blocked');
  const waiting = view.blocked.filter((f) => f.status !== 'blocked');
  for (const f of blocked) lines.push(`✕ ${f.id} · ${f.title}: ${f.reason}`);
  const waitingShown = waiting.slice(0, WAITING_IN_TEXT);
  if (waitingShown.length)
    lines.push(`Waiting on dependencies: ${waitingShown.map((f) => `${f.id} ${f.title} (${f.waitsOn?.length ?? 0} open)`).join('; ')}`);
  more(lines, view.blockedTotal - blocked.length - waitingShown.length, 'blocked or waiting');
  for (const c of view.corrupt ?? []) lines.push(`! ${c.id}: unreadable feature.json (${safeLine(c.error, 300)})`);
  more(lines, (view.corruptTotal ?? 0) - (view.corrupt?.length ?? 0), 'unreadable');
  return lines.join('\n');
}

function more(lines: string[], hidden: number, what: string): void {
  if (hidden > 0) lines.push(`… ${hidden} more ${what}`);
}
