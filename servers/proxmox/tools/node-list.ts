import * as z from 'zod';
import { REMOTE_READ, duration, gib, percent, proxmoxTool } from './common.js';

export const nodeList = proxmoxTool({
  name: 'node_list',
  title: 'List nodes',
  description: 'List cluster nodes with status, CPU and memory use.',
  input: z.object({}).strict(),
  hints: REMOTE_READ,
  tier: 'basic',
  async handler(_args, ctx) {
    const api = await ctx.deps.api(ctx.signal);
    const nodes = await api.nodes.$get();
    const lines = nodes.map((n) =>
      n.status === 'online'
        ? `${n.node} online: CPU ${percent(n.cpu)}% of ${n.maxcpu}, mem ${gib(n.mem)} of ${gib(n.maxmem)} GiB, up ${duration(Number(n.uptime ?? 0))}`
        : `${n.node} ${n.status}`,
    );
    return {
      text: lines.join('\n'),
      data: {
        // PVE reports usage for online nodes only: an offline node's usage is unknown, never zero.
        nodes: nodes.map((n) =>
          n.status === 'online'
            ? {
                node: n.node,
                status: n.status,
                cpuPercent: percent(n.cpu),
                cpus: n.maxcpu,
                memGiB: gib(n.mem),
                maxMemGiB: gib(n.maxmem),
                uptime: n.uptime,
              }
            : { node: n.node, status: n.status },
        ),
      },
    };
  },
});
