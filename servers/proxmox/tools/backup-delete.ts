import * as z from 'zod';
import { InputError } from '../../../shared/errors.js';
import { taskOutput } from '../tasks.js';
import { field, parseBackupVolid } from '../validate.js';
import { REMOTE_DESTRUCTIVE, proxmoxTool } from './common.js';

export const backupDelete = proxmoxTool({
  name: 'backup_delete',
  title: 'Delete a backup',
  description: 'Delete one backup archive from a storage.',
  input: z
    .object({ node: field.node(), storage: field.storage(), volid: field.backupVolid('Backup volid on that storage'), wait: field.wait() })
    .strict(),
  hints: REMOTE_DESTRUCTIVE,
  tier: 'elevated',
  async handler({ node, storage, volid, wait }, ctx) {
    if (parseBackupVolid(volid)?.storage !== storage) {
      throw new InputError('volid must be a backup volume (storage:backup/…) on the given storage.');
    }
    const api = await ctx.deps.api(ctx.signal);
    // One percent-encoded segment: PVE decodes the path and takes the rest of it as the volume id.
    const content = api.nodes.$(node).storage.$(storage).content.$(encodeURIComponent(volid));
    return taskOutput(ctx, node, await content.$delete(), wait);
  },
});
