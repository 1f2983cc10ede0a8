import * as z from 'zod';
import { field } from '../validate.js';
import { REMOTE_DESTRUCTIVE, guestApi, proxmoxTool, removeConfigKey } from './common.js';

export const mountpointRemove = proxmoxTool({
  name: 'mountpoint_remove',
  title: 'Remove a mount point',
  description: 'Detach a container mount point (its volume becomes unusedN).',
  input: z.object({ node: field.node(), vmid: field.vmid(), mp: field.mountpoint() }).strict(),
  hints: REMOTE_DESTRUCTIVE,
  tier: 'elevated',
  async handler({ node, vmid, mp }, ctx) {
    await removeConfigKey(guestApi(await ctx.deps.api(ctx.signal), node, 'lxc', vmid), mp);
    return { data: { vmid, node, removed: mp }, text: `Removed ${mp} from ${vmid} on ${node}.` };
  },
});
