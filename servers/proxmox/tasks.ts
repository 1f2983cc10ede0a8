import { setTimeout as sleep } from 'node:timers/promises';
import type { ToolContext, ToolOutput } from '../../shared/define-tool.js';
import { InputError, UpstreamError } from '../../shared/errors.js';
import { tail, untrustedLabel } from '../../shared/untrusted.js';
import type { ProxmoxDeps } from './deps.js';
import { parseUpid } from './validate.js';

const MAX_WAIT_MS = 50_000;
/** Lines per log request, and how many requests a failed task's log may take to reach its end. */
const LOG_PAGE = 1000;
const MAX_LOG_PAGES = 50;

/** The answer of every async tool: the task handle, or its outcome when the caller asked to wait. */
export async function taskOutput(ctx: ToolContext<ProxmoxDeps>, node: string, upid: unknown, wait = false): Promise<ToolOutput> {
  // Some PVE calls finish synchronously and answer null.
  if (typeof upid !== 'string') return { data: { node, status: 'done' }, text: `Done on ${node} (Proxmox ran it at once, no task).` };
  if (!parseUpid(upid)) {
    // Every task id PVE writes parses; anything else is not a task, so say what came back instead of "started".
    throw new UpstreamError(
      `Proxmox answered with something that is not a task id (${untrustedLabel(upid, 200)}), so nothing can be followed; check the result with a read tool.`,
    );
  }
  ctx.audit({ upid });
  if (!wait) return { data: { upid, node, status: 'running' }, text: `Started ${upid}; task_status follows it.` };
  return followTask(ctx, upid, true);
}

/** Reads a task's status, polling until it stops when `wait` is set (≤ 50 s, then the UPID comes back). */
export async function followTask(ctx: ToolContext<ProxmoxDeps>, upid: string, wait: boolean): Promise<ToolOutput> {
  const parsed = parseUpid(upid);
  if (!parsed) throw new InputError('upid is not a Proxmox task id.');
  const { node } = parsed;
  const api = await ctx.deps.api(ctx.signal);
  // Percent-encoded: a UPID may hold `@`, `+`, `!` and more (users like ci+bot@pve, ids like 100@local).
  const task = api.nodes.$(node).tasks.$(encodeURIComponent(upid));
  const waitMs = Math.min(ctx.deps.tasks.maxWaitMs, MAX_WAIT_MS);
  const deadline = Date.now() + waitMs;
  for (let polls = 1; ; polls++) {
    const status = await task.status.$get();
    if (status.status === 'stopped') {
      const exitstatus = String(status.exitstatus ?? 'unknown');
      if (exitstatus === 'OK' || /^WARNINGS: \d+$/.test(exitstatus)) {
        return { data: { upid, node, status: 'stopped', exitstatus }, text: `${parsed.type} on ${node} finished: ${exitstatus} (${upid})` };
      }
      const log = tail(await logTail(task.log), 30, 3000);
      // Exit status and log are the task's own output (a guest's name, a hook script's echo): labelled, JSON-quoted.
      throw new UpstreamError(
        `Task ${parsed.type} on ${node} failed: exit status ${untrustedLabel(exitstatus, 300)}; log tail ${untrustedLabel(log, 3000)}`,
        { upid },
      );
    }
    if (!wait || Date.now() >= deadline) {
      const text = wait
        ? `Task still running after ${Math.round(waitMs / 1000)} s; call task_status with wait to keep following it.`
        : `${parsed.type} on ${node} still running (${upid}); task_status with wait follows it.`;
      return { data: { upid, node, status: 'running' }, text };
    }
    await ctx.progress(polls, undefined, `${parsed.type} running`);
    await sleep(ctx.deps.tasks.pollMs, undefined, { signal: ctx.signal });
  }
}

type TaskLog = { $get(params: { start: number; limit: number }): Promise<Array<{ n?: number; t?: string }>> };

/**
 * The last lines of a task log. PVE pages the log by line (`start`, `limit`) without saying its length, so the
 * pages are read until a short one: the final `TASK ERROR` is on the last page, never on the first of a long log.
 */
async function logTail(log: TaskLog): Promise<string> {
  let previous: string[] = [];
  for (let page = 0; page < MAX_LOG_PAGES; page++) {
    const lines = (await log.$get({ start: page * LOG_PAGE, limit: LOG_PAGE })).map((line) => String(line.t ?? ''));
    if (lines.length < LOG_PAGE) return [...previous.slice(-50), ...lines].join('\n');
    previous = lines;
  }
  return `${previous.join('\n')}\n[log longer than ${MAX_LOG_PAGES * LOG_PAGE} lines; see the task in the Proxmox UI for its end]`;
}
