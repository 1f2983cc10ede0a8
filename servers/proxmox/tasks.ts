import { setTimeout as sleep } from 'node:timers/promises';
import type { ToolContext, ToolOutput } from '../../shared/define-tool.js';
import { InputError, UpstreamError } from '../../shared/errors.js';
import { tail, untrusted } from '../../shared/untrusted.js';
import type { ProxmoxDeps } from './deps.js';
import { parseUpid } from './validate.js';

const MAX_WAIT_MS = 50_000;

/** The answer of every async tool: the task handle, or its outcome when the caller asked to wait. */
export async function taskOutput(ctx: ToolContext<ProxmoxDeps>, node: string, upid: unknown, wait = false): Promise<ToolOutput> {
  // Some PVE calls finish synchronously and answer null.
  if (typeof upid !== 'string') return { data: { node, status: 'done' } };
  if (!parseUpid(upid)) {
    return {
      data: { node, status: 'started' },
      text: 'Proxmox started a task whose id this server cannot follow; check the result with a read tool.',
    };
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
  const task = api.nodes.$(node).tasks.$(upid);
  const waitMs = Math.min(ctx.deps.tasks.maxWaitMs, MAX_WAIT_MS);
  const deadline = Date.now() + waitMs;
  for (let polls = 1; ; polls++) {
    const status = await task.status.$get();
    if (status.status === 'stopped') {
      const exitstatus = String(status.exitstatus ?? 'unknown');
      if (exitstatus === 'OK' || /^WARNINGS: \d+$/.test(exitstatus)) {
        return { data: { upid, node, status: 'stopped', exitstatus } };
      }
      const lines = await task.log.$get({ start: 0, limit: 1000 });
      const log = tail(lines.map((line) => String(line.t ?? '')).join('\n'), 30, 3000);
      throw new UpstreamError(`Task ${parsed.type} on ${node} failed; details hold its exit status and log tail.`, {
        upid,
        exitstatus: untrusted(exitstatus, 300),
        log: untrusted(log, 3000),
      });
    }
    if (!wait || Date.now() >= deadline) {
      const text = wait
        ? `Task still running after ${Math.round(waitMs / 1000)} s; call task_status with wait to keep following it.`
        : undefined;
      return { data: { upid, node, status: 'running' }, ...(text ? { text } : {}) };
    }
    await ctx.progress(polls, undefined, `${parsed.type} running`);
    await sleep(ctx.deps.tasks.pollMs, undefined, { signal: ctx.signal });
  }
}
