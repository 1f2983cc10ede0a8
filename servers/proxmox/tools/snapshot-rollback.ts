import * as z from 'zod';
import { taskOutput } from '../tasks.js';
import { field, guestRef } from '../validate.js';
import { REMOTE_DESTRUCTIVE, guestApi, proxmoxTool } from './common.js';

export const snapshotRollback = proxmoxTool({
  name: 'snapshot_rollback',
  title: 'Roll back to a snapshot',
  description: 'Return a VM or container to a snapshot, discarding later changes.',
  input: z.object({ ...guestRef(), snapname: field.snapname(), wait: field.wait() }).strict(),
  hints: REMOTE_DESTRUCTIVE,
  tier: 'elevated',
  async handler({ node, vmid, type, snapname, wait }, ctx) {
    const guest = guestApi(await ctx.deps.api(ctx.signal), node, type, vmid);
    return taskOutput(ctx, node, await guest.snapshot.$(snapname).rollback.$post(), wait);
  },
});
