import * as z from 'zod';
import { field } from '../validate.js';
import { REMOTE_READ, duration, gib, percent, proxmoxTool } from './common.js';

export const nodeStatus = proxmoxTool({
  name: 'node_status',
  title: 'Node status',
  description: 'CPU, memory, root disk, load and versions of one node.',
  input: z.object({ node: field.node() }).strict(),
  hints: REMOTE_READ,
  tier: 'basic',
  async handler({ node }, ctx) {
    const api = await ctx.deps.api(ctx.signal);
    // biome-ignore lint/suspicious/noExplicitAny: PVE's node status is loosely typed; each field is checked where it is read
    const s = (await api.nodes.$(node).status.$get()) as Record<string, any>;
    const load = Array.isArray(s.loadavg) ? s.loadavg.join(', ') : String(s.loadavg ?? '?');
    return {
      text:
        `${node}: CPU ${percent(s.cpu)}% of ${s.cpuinfo?.cpus ?? '?'}, load ${load}, mem ${gib(s.memory?.used)} of ${gib(s.memory?.total)} GiB, ` +
        `root ${gib(s.rootfs?.used)} of ${gib(s.rootfs?.total)} GiB, up ${duration(Number(s.uptime ?? 0))}; ${s.pveversion ?? '?'}, kernel ${s.kversion ?? '?'}`,
      data: {
        node,
        uptime: s.uptime,
        cpuPercent: percent(s.cpu),
        cpus: s.cpuinfo?.cpus,
        loadavg: s.loadavg,
        memGiB: { used: gib(s.memory?.used), total: gib(s.memory?.total) },
        rootfsGiB: { used: gib(s.rootfs?.used), total: gib(s.rootfs?.total) },
        pveversion: s.pveversion,
        kversion: s.kversion,
      },
    };
  },
});
