import * as z from 'zod';
import { taskOutput } from '../tasks.js';
import { field, guestRef } from '../validate.js';
import { REMOTE_DESTRUCTIVE, guestApi, proxmoxTool } from './common.js';

export const guestDelete = proxmoxTool({
  name: 'guest_delete',
  title: 'Delete a guest',
  description: 'Destroy a stopped VM or container and its disks.',
  input: z
    .object({ ...guestRef(), purge: z.boolean().optional().describe('Also remove from backup jobs and HA'), wait: field.wait() })
    .strict(),
  hints: REMOTE_DESTRUCTIVE,
  tier: 'elevated',
  async handler({ node, vmid, type, purge, wait }, ctx) {
    const upid = await guestApi(await ctx.deps.api(ctx.signal), node, type, vmid).$delete(purge ? { purge: true } : {});
    return taskOutput(ctx, node, upid, wait);
  },
});
