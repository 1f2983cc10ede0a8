import * as z from 'zod';
import { guestRef } from '../validate.js';
import { REMOTE_READ, duration, gib, guestApi, percent, proxmoxTool } from './common.js';

export const guestStatus = proxmoxTool({
  name: 'guest_status',
  title: 'Guest status',
  description: 'Run state, uptime, CPU and memory of one VM or container.',
  input: z.object(guestRef()).strict(),
  hints: REMOTE_READ,
  tier: 'basic',
  async handler({ node, vmid, type }, ctx) {
    const s = await guestApi(await ctx.deps.api(ctx.signal), node, type, vmid).status.current.$get();
    const pick = ['name', 'status', 'qmpstatus', 'uptime', 'cpu', 'cpus', 'mem', 'maxmem', 'maxdisk', 'lock', 'template'];
    const data: Record<string, unknown> = { vmid, node, type };
    for (const key of pick) if (s[key] !== undefined) data[key] = s[key];
    return { data, text: statusLine(data) };
  },
});

/** One line: `qemu 100 web on pve: running (qmp running), up 2d 3h, CPU 7% of 2, mem 1.5 of 4 GiB, disk 32 GiB`. */
function statusLine(d: Record<string, unknown>): string {
  const parts = [`${d.type} ${d.vmid}${d.name ? ` ${d.name}` : ''} on ${d.node}: ${d.status}${d.qmpstatus ? ` (qmp ${d.qmpstatus})` : ''}`];
  if (Number(d.uptime) > 0) parts.push(`up ${duration(Number(d.uptime))}`);
  if (d.cpu !== undefined) parts.push(`CPU ${percent(d.cpu)}%${d.cpus ? ` of ${d.cpus}` : ''}`);
  if (d.maxmem !== undefined) parts.push(`mem ${gib(d.mem)} of ${gib(d.maxmem)} GiB`);
  if (d.maxdisk) parts.push(`disk ${gib(d.maxdisk)} GiB`);
  if (d.lock) parts.push(`lock ${d.lock}`);
  if (d.template) parts.push('template');
  return parts.join(', ');
}
