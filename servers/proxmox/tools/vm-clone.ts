import * as z from 'zod';
import { taskOutput } from '../tasks.js';
import { field } from '../validate.js';
import { REMOTE_WRITE, proxmoxTool } from './common.js';

export const vmClone = proxmoxTool({
  name: 'vm_clone',
  title: 'Clone a VM',
  description: 'Clone a QEMU VM or template to a new VMID.',
  input: z
    .object({
      node: field.node(),
      vmid: field.vmid('Source VMID'),
      newid: field.vmid('New VMID'),
      name: field.hostname('New name').optional(),
      full: z.boolean().optional().describe('Full copy instead of linked'),
      target: field.node().optional().describe('Target node'),
      storage: field.storage('Target storage (full clone)').optional(),
      wait: field.wait(),
    })
    .strict(),
  hints: REMOTE_WRITE,
  tier: 'elevated',
  async handler({ node, vmid, newid, name, full, target, storage, wait }, ctx) {
    const api = await ctx.deps.api(ctx.signal);
    const upid = await api.nodes.$(node).qemu.$(vmid).clone.$post({ newid, name, full, target, storage });
    return taskOutput(ctx, node, upid, wait);
  },
});
