import * as z from 'zod';
import { taskOutput } from '../tasks.js';
import { field } from '../validate.js';
import { REMOTE_WRITE, proxmoxTool } from './common.js';

export const backupCreate = proxmoxTool({
  name: 'backup_create',
  title: 'Back up a guest',
  description: 'Run vzdump for one VM or container to a backup storage.',
  input: z
    .object({
      node: field.node(),
      vmid: field.vmid(),
      storage: field.storage('Backup storage'),
      mode: z.enum(['snapshot', 'suspend', 'stop']).optional().describe('Default snapshot'),
      compress: z.enum(['0', '1', 'gzip', 'lzo', 'zstd']).optional().describe('Default zstd'),
      notes: field.text('Notes').optional(),
      wait: field.wait(),
    })
    .strict(),
  hints: REMOTE_WRITE,
  tier: 'elevated',
  async handler({ node, vmid, storage, mode, compress, notes, wait }, ctx) {
    const api = await ctx.deps.api(ctx.signal);
    const upid = await api.nodes.$(node).vzdump.$post({
      vmid: String(vmid),
      storage,
      mode: mode ?? 'snapshot',
      compress: compress ?? 'zstd',
      ...(notes ? { 'notes-template': notes } : {}),
    });
    return taskOutput(ctx, node, upid, wait);
  },
});
