import * as z from 'zod';
import { InputError } from '../../../shared/errors.js';
import { taskOutput } from '../tasks.js';
import { field, parseVolid } from '../validate.js';
import { REMOTE_DESTRUCTIVE, proxmoxTool } from './common.js';

export const backupDelete = proxmoxTool({
  name: 'backup_delete',
  title: 'Delete a backup',
  description: 'Delete one backup archive from a storage.',
  input: z
    .object({ node: field.node(), storage: field.storage(), volid: field.volid('Backup volid'), wait: field.wait() })
    .strict(),
  hints: REMOTE_DESTRUCTIVE,
  tier: 'elevated',
  async handler({ node, storage, volid, wait }, ctx) {
    const parsed = parseVolid(volid);
    if (parsed?.content !== 'backup' || parsed.storage !== storage) {
      throw new InputError('volid must be a backup volume (storage:backup/file) on the given storage.');
    }
    const api = await ctx.deps.api(ctx.signal);
    return taskOutput(ctx, node, await api.nodes.$(node).storage.$(storage).content.$(volid).$delete(), wait);
  },
});
