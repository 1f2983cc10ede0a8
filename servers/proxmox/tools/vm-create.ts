import * as z from 'zod';
import { InputError } from '../../../shared/errors.js';
import { taskOutput } from '../tasks.js';
import { field, parseVolid } from '../validate.js';
import { REMOTE_WRITE, proxmoxTool } from './common.js';

const OSTYPES = ['l26', 'l24', 'win11', 'win10', 'win8', 'win7', 'wvista', 'w2k8', 'w2k3', 'w2k', 'wxp', 'solaris', 'other'] as const;

export const vmCreate = proxmoxTool({
  name: 'vm_create',
  title: 'Create a VM',
  description: 'Create a QEMU VM with one SCSI disk, an optional ISO and an optional virtio NIC.',
  input: z
    .object({
      node: field.node(),
      vmid: field.vmid('New VMID'),
      name: field.hostname('VM name').optional(),
      memory: field.memory().optional(),
      cores: field.cores().optional(),
      storage: field.storage('Disk storage'),
      size: field.sizeGb(),
      iso: field.volid('ISO volid to boot', 'iso').optional(),
      ostype: field.oneOf(OSTYPES, 'OS type, e.g. l26, win11').optional(),
      bridge: field.bridge().optional(),
      start: z.boolean().optional().describe('Start after creation'),
      wait: field.wait(),
    })
    .strict(),
  hints: REMOTE_WRITE,
  tier: 'elevated',
  async handler({ node, vmid, name, memory, cores, storage, size, iso, ostype, bridge, start, wait }, ctx) {
    if (iso && parseVolid(iso)?.content !== 'iso') throw new InputError('iso must be an ISO volume id (storage:iso/file.iso).');
    const api = await ctx.deps.api(ctx.signal);
    const upid = await api.nodes.$(node).qemu.$post({
      vmid,
      name,
      memory: memory === undefined ? undefined : String(memory),
      cores,
      ostype: ostype as never,
      start,
      scsihw: 'virtio-scsi-single',
      scsi0: `${storage}:${size}`,
      ...(iso ? { ide2: `${iso},media=cdrom`, boot: 'order=scsi0;ide2' } : {}),
      ...(bridge ? { net0: `virtio,bridge=${bridge}` } : {}),
    });
    return taskOutput(ctx, node, upid, wait);
  },
});
