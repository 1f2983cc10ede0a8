import * as z from 'zod';
import { guestRef } from '../validate.js';
import { REMOTE_READ, guestApi, proxmoxTool } from './common.js';

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
    return { data };
  },
});
