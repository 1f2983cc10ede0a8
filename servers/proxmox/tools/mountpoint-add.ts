import * as z from 'zod';
import { field, isMountPath } from '../validate.js';
import { REMOTE_WRITE, assertKeyFree, guestApi, proxmoxTool } from './common.js';

export const mountpointAdd = proxmoxTool({
  name: 'mountpoint_add',
  title: 'Add a mount point',
  description: 'Add a new volume to a container under a free mpN.',
  input: z
    .object({
      node: field.node(),
      vmid: field.vmid(),
      mp: field.mountpoint(),
      storage: field.storage(),
      size: field.sizeGb(),
      path: z
        .string()
        .max(256)
        .regex(/^(?!.*\/\/)(?!.*(?:^|\/)\.{1,2}(?:\/|$))\/[A-Za-z0-9._/-]{0,255}$/, {
          message: 'must be an absolute path of letters, digits, . _ - and /, without ..',
        })
        .refine(isMountPath, { message: 'must be an absolute path of letters, digits, . _ - and /, without ..' })
        .describe('Mount path, e.g. /data'),
    })
    .strict(),
  hints: REMOTE_WRITE,
  tier: 'elevated',
  async handler({ node, vmid, mp, storage, size, path }, ctx) {
    const guest = guestApi(await ctx.deps.api(ctx.signal), node, 'lxc', vmid);
    const digest = await assertKeyFree(guest, mp);
    const value = `${storage}:${size},mp=${path}`;
    await guest.config.$put({ [mp]: value, ...(digest ? { digest } : {}) });
    return { data: { vmid, node, mp, value }, text: `Added ${mp} (${size} GiB on ${storage} at ${path}) to ${vmid} on ${node}.` };
  },
});
