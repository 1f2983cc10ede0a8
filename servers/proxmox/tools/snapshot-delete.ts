import * as z from 'zod';
import { taskOutput } from '../tasks.js';
import { field, guestRef } from '../validate.js';
import { REMOTE_DESTRUCTIVE, guestApi, proxmoxTool } from './common.js';

export const snapshotDelete = proxmoxTool({
  name: 'snapshot_delete',
  title: 'Delete a snapshot',
  description: 'Delete one snapshot of a VM or container.',
  input: z.object({ ...guestRef(), snapname: field.snapname(), wait: field.wait() }).strict(),
  hints: REMOTE_DESTRUCTIVE,
  tier: 'elevated',
  async handler({ node, vmid, type, snapname, wait }, ctx) {
    const guest = guestApi(await ctx.deps.api(ctx.signal), node, type, vmid);
    return taskOutput(ctx, node, await guest.snapshot.$(snapname).$delete(), wait);
  },
});
