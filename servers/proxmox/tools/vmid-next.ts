import * as z from 'zod';
import { REMOTE_READ, proxmoxTool } from './common.js';

export const vmidNext = proxmoxTool({
  name: 'vmid_next',
  title: 'Next free VMID',
  description: 'The lowest VMID not in use in the cluster.',
  input: z.object({}).strict(),
  hints: { ...REMOTE_READ, idempotentHint: false },
  tier: 'basic',
  async handler(_args, ctx) {
    const api = await ctx.deps.api(ctx.signal);
    const vmid = Number(await api.cluster.nextid.$get());
    return { data: { vmid }, text: String(vmid) };
  },
});
