import * as z from 'zod';
import { RESIZE, guestRef, field } from '../validate.js';
import { taskOutput } from '../tasks.js';
import { REMOTE_WRITE, checkDisk, diskKey, guestApi, proxmoxTool } from './common.js';

export const diskResize = proxmoxTool({
  name: 'disk_resize',
  title: 'Grow a disk',
  description: 'Grow a VM disk or container volume (disks never shrink).',
  input: z
    .object({
      ...guestRef(),
      disk: diskKey(),
      size: z
        .string()
        .max(12)
        .regex(RESIZE, { message: 'must have a unit, like +10G or 64G (PVE reads a bare number as bytes)' })
        .describe('New size (64G) or increment (+10G); unit K/M/G/T required'),
      wait: field.wait(),
    })
    .strict(),
  hints: REMOTE_WRITE,
  tier: 'elevated',
  async handler({ node, vmid, type, disk, size, wait }, ctx) {
    checkDisk(type, disk, false);
    const guest = guestApi(await ctx.deps.api(ctx.signal), node, type, vmid);
    return taskOutput(ctx, node, await guest.resize.$put({ disk, size }), wait);
  },
});
