import * as z from 'zod';
import { field } from '../validate.js';
import { REMOTE_DESTRUCTIVE, checkDisk, diskKey, guestApi, proxmoxTool, removeConfigKey } from './common.js';

export const diskRemove = proxmoxTool({
  name: 'disk_remove',
  title: 'Remove a VM disk',
  description: 'Detach a VM disk (it becomes unusedN); removing an unusedN destroys it.',
  input: z.object({ node: field.node(), vmid: field.vmid(), disk: diskKey().describe('Disk, e.g. scsi1, unused0') }).strict(),
  hints: REMOTE_DESTRUCTIVE,
  tier: 'elevated',
  async handler({ node, vmid, disk }, ctx) {
    checkDisk('qemu', disk, true);
    await removeConfigKey(guestApi(await ctx.deps.api(ctx.signal), node, 'qemu', vmid), disk);
    return { data: { vmid, node, removed: disk }, text: `Removed ${disk} from ${vmid} on ${node}.` };
  },
});
