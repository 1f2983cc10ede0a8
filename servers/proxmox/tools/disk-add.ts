import * as z from 'zod';
import { field } from '../validate.js';
import { REMOTE_WRITE, assertKeyFree, guestApi, proxmoxTool } from './common.js';

export const diskAdd = proxmoxTool({
  name: 'disk_add',
  title: 'Add a VM disk',
  description: 'Add a new disk to a VM under a free key.',
  input: z
    .object({ node: field.node(), vmid: field.vmid(), disk: field.qemuDisk(), storage: field.storage(), size: field.sizeGb() })
    .strict(),
  hints: REMOTE_WRITE,
  tier: 'elevated',
  async handler({ node, vmid, disk, storage, size }, ctx) {
    const guest = guestApi(await ctx.deps.api(ctx.signal), node, 'qemu', vmid);
    const digest = await assertKeyFree(guest, disk);
    await guest.config.$put({ [disk]: `${storage}:${size}`, ...(digest ? { digest } : {}) });
    return {
      data: { vmid, node, disk, volume: `${storage}:${size}` },
      text: `Added ${disk} (${size} GiB on ${storage}) to ${vmid} on ${node}.`,
    };
  },
});
