import * as z from 'zod';
import { InputError } from '../../../shared/errors.js';
import { taskOutput } from '../tasks.js';
import { field, guestRef } from '../validate.js';
import { REMOTE_DESTRUCTIVE, proxmoxTool } from './common.js';

export const backupRestore = proxmoxTool({
  name: 'backup_restore',
  title: 'Restore a backup',
  description: 'Restore a backup archive to a VMID; force overwrites an existing guest.',
  input: z
    .object({
      ...guestRef(),
      archive: field.backupVolid('Backup volid'),
      storage: field.storage('Target storage (required for lxc)').optional(),
      force: z.boolean().optional().describe('Overwrite an existing guest'),
      unique: z.boolean().optional().describe('New MAC addresses'),
      wait: field.wait(),
    })
    .strict(),
  hints: REMOTE_DESTRUCTIVE,
  tier: 'elevated',
  async handler({ node, vmid, type, archive, storage, force, unique, wait }, ctx) {
    // pct restore puts the root file system on `local` when no storage is named: a directory storage that often
    // cannot hold container volumes (LVM-thin and ZFS installs), so the caller must choose.
    if (type === 'lxc' && !storage)
      throw new InputError(
        'storage is required to restore a container (Proxmox would put it on local); name a storage that holds container volumes.',
      );
    const api = await ctx.deps.api(ctx.signal);
    const upid =
      type === 'qemu'
        ? await api.nodes.$(node).qemu.$post({ vmid, archive, storage, force, unique })
        : await api.nodes.$(node).lxc.$post({ vmid, ostemplate: archive, restore: true, storage, force, unique });
    return taskOutput(ctx, node, upid, wait);
  },
});
