// Task routes: a UPID's status (which advances the task one poll) and its log, and how a task stops.
import { FakeError } from './checks.js';
import type { Route, RouteContext } from './route-context.js';
import type { FakeTask } from './state.js';

export const TASK_ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/status',
    handle: (ctx) => {
      const task = taskOf(ctx);
      if (task.status === 'running' && task.pollsLeft > 0) task.pollsLeft--;
      if (task.status === 'running' && task.pollsLeft === 0) finishTask(task);
      return {
        upid: task.upid,
        node: task.node,
        pid: task.pid,
        pstart: task.pstart,
        starttime: task.starttime,
        type: task.type,
        id: task.id,
        user: task.user,
        status: task.status,
        ...(task.exitstatus ? { exitstatus: task.exitstatus } : {}),
      };
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/log',
    handle: (ctx) => {
      const task = taskOf(ctx);
      const start = Number(ctx.args.start ?? 0);
      const limit = Number(ctx.args.limit ?? 50);
      return task.log.slice(start, start + limit).map((t, i) => ({ n: start + i + 1, t }));
    },
  },
];

/** PVE::Tools::upid_decode: any user PVE accepts, any id without `:` or whitespace (`imgdel` ids hold `@`). */
export const UPID_RE =
  /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s]+):([^:\s]*):([^:\s]+):$/;

function taskOf(ctx: RouteContext): FakeTask {
  if (!UPID_RE.test(ctx.path.upid as string))
    throw new FakeError(400, 'Parameter verification failed.', { upid: 'unable to parse worker upid' });
  const task = ctx.state.tasks.get(ctx.path.upid as string);
  if (!task || task.node !== ctx.path.node) throw new FakeError(400, 'Parameter verification failed.', { upid: 'no such task' });
  return task;
}

/** Stops a task: applies its effect on success and closes its log as PVE does. */
export function finishTask(task: FakeTask): void {
  task.status = 'stopped';
  task.exitstatus ??= 'OK';
  const ok = task.exitstatus === 'OK' || task.exitstatus.startsWith('WARNINGS');
  if (ok) task.effect?.();
  task.log.push(ok ? `TASK ${task.exitstatus === 'OK' ? 'OK' : task.exitstatus}` : `TASK ERROR: ${task.exitstatus}`);
}
