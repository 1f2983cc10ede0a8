import * as z from 'zod';
import { field, guestRef } from '../validate.js';
import { REMOTE_DESTRUCTIVE, guestApi, proxmoxTool, removeConfigKey } from './common.js';

export const networkRemove = proxmoxTool({
  name: 'network_remove',
  title: 'Remove a network device',
  description: 'Remove a NIC from a VM or container.',
  input: z.object({ ...guestRef(), net: field.net() }).strict(),
  hints: REMOTE_DESTRUCTIVE,
  tier: 'elevated',
  async handler({ node, vmid, type, net }, ctx) {
    await removeConfigKey(guestApi(await ctx.deps.api(ctx.signal), node, type, vmid), net);
    return { data: { vmid, node, removed: net }, text: `Removed ${net} from ${vmid} on ${node}.` };
  },
});
