import * as z from 'zod';
import { InputError } from '../../../shared/errors.js';
import type { ProxmoxApi } from '../client.js';
import { taskOutput } from '../tasks.js';
import { escapeNotes, field } from '../validate.js';
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
      notes: field.notes('Notes; only {{guestname}} {{vmid}} {{node}} {{cluster}} in {{ }}').optional(),
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
      ...(notes ? { 'notes-template': escapeNotes(notes) } : {}),
    });
    // vzdump backs up only the node's own guests; for a guest elsewhere it answers "OK" and starts nothing.
    if (upid === 'OK') throw await notOnNode(api, node, vmid);
    return taskOutput(ctx, node, upid, wait);
  },
});

async function notOnNode(api: ProxmoxApi, node: string, vmid: number): Promise<InputError> {
  const resources = await api.cluster.resources.$get({ type: 'vm' });
  const where = resources.find((r) => Number(r.vmid) === vmid)?.node;
  return new InputError(
    typeof where === 'string' && where !== node
      ? `VMID ${vmid} is on node ${where}, not ${node}: vzdump backed up nothing. Call backup_create with node ${where}.`
      : `vzdump on ${node} backed up nothing for VMID ${vmid} (it answered "OK" without a task); check that the guest exists on ${node}.`,
  );
}
