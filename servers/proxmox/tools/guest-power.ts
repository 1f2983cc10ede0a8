import * as z from 'zod';
import { InputError } from '../../../shared/errors.js';
import { taskOutput } from '../tasks.js';
import { field, guestRef } from '../validate.js';
import { REMOTE_DESTRUCTIVE, guestApi, powerAction, proxmoxTool } from './common.js';

export const guestPower = proxmoxTool({
  name: 'guest_power',
  title: 'Power a guest',
  description: 'Start, stop, shut down, reboot, suspend, resume or reset (qemu) a VM or container.',
  input: z
    .object({
      ...guestRef(),
      action: z.enum(['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume', 'reset']).describe('Power action'),
      wait: field.wait(),
    })
    .strict(),
  hints: REMOTE_DESTRUCTIVE,
  tier: 'elevated',
  async handler({ node, vmid, type, action, wait }, ctx) {
    if (action === 'reset' && type === 'lxc') throw new InputError('reset exists only for qemu; use stop or reboot for a container.');
    const upid = await powerAction(guestApi(await ctx.deps.api(ctx.signal), node, type, vmid), action);
    return taskOutput(ctx, node, upid, wait);
  },
});
