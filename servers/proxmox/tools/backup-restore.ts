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
      storage: field.storage('Target storage').optional(),
      force: z.boolean().optional().describe('Overwrite an existing guest'),
      wait: field.wait(),
    })
    .strict(),
  hints: REMOTE_DESTRUCTIVE,
  tier: 'elevated',
  async handler({ node, vmid, type, archive, storage, force, wait }, ctx) {
    const api = await ctx.deps.api(ctx.signal);
    const upid =
      type === 'qemu'
        ? await api.nodes.$(node).qemu.$post({ vmid, archive, storage, force })
        : await api.nodes.$(node).lxc.$post({ vmid, ostemplate: archive, restore: true, storage, force });
    return taskOutput(ctx, node, upid, wait);
  },
});
