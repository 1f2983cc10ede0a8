import * as z from 'zod';
import { InputError } from '../../../shared/errors.js';
import { taskOutput } from '../tasks.js';
import { field, guestRef, isReservedSnapname } from '../validate.js';
import { REMOTE_WRITE, guestApi, proxmoxTool } from './common.js';

export const snapshotCreate = proxmoxTool({
  name: 'snapshot_create',
  title: 'Create a snapshot',
  description: 'Snapshot a VM or container.',
  input: z
    .object({
      ...guestRef(),
      snapname: field.snapname().describe('Snapshot name (not current; qemu: not pending; lxc: not vzdump)'),
      description: field.text('Description').optional(),
      vmstate: z.boolean().optional().describe('Include RAM (qemu)'),
      wait: field.wait(),
    })
    .strict(),
  hints: REMOTE_WRITE,
  tier: 'elevated',
  async handler({ node, vmid, type, snapname, description, vmstate, wait }, ctx) {
    if (isReservedSnapname(type, snapname))
      throw new InputError(`snapname ${snapname} is reserved by Proxmox for ${type} guests; pick another name.`);
    if (vmstate && type === 'lxc') throw new InputError('vmstate is only for qemu guests.');
    const guest = guestApi(await ctx.deps.api(ctx.signal), node, type, vmid);
    const upid = await guest.snapshot.$post({ snapname, description, ...(vmstate ? { vmstate } : {}) });
    return taskOutput(ctx, node, upid, wait);
  },
});
