import * as z from 'zod';
import { taskOutput } from '../tasks.js';
import { field, guestRef } from '../validate.js';
import { REMOTE_DESTRUCTIVE, checkDisk, diskKey, proxmoxTool } from './common.js';

export const diskMove = proxmoxTool({
  name: 'disk_move',
  title: 'Move a disk',
  description: 'Move a VM disk or container volume to another storage.',
  input: z
    .object({
      ...guestRef(),
      disk: diskKey(),
      storage: field.storage('Target storage'),
      delete: z.boolean().optional().describe('Delete the source copy'),
      wait: field.wait(),
    })
    .strict(),
  hints: REMOTE_DESTRUCTIVE,
  tier: 'elevated',
  async handler({ node, vmid, type, disk, storage, delete: drop, wait }, ctx) {
    checkDisk(type, disk, true);
    const nodeApi = (await ctx.deps.api(ctx.signal)).nodes.$(node);
    const upid =
      type === 'qemu'
        ? await nodeApi.qemu.$(vmid).move_disk.$post({ disk: disk as never, storage, delete: drop })
        : await nodeApi.lxc.$(vmid).move_volume.$post({ volume: disk as never, storage, delete: drop });
    return taskOutput(ctx, node, upid, wait);
  },
});
