import * as z from 'zod';
import { InputError } from '../../../shared/errors.js';
import { taskOutput } from '../tasks.js';
import { SSH_PUBLIC_KEY, field, parseVolid } from '../validate.js';
import { REMOTE_WRITE, proxmoxTool } from './common.js';

export const containerCreate = proxmoxTool({
  name: 'container_create',
  title: 'Create a container',
  description: 'Create an unprivileged LXC container from a template; root login by SSH key only.',
  input: z
    .object({
      node: field.node(),
      vmid: field.vmid('New VMID'),
      ostemplate: field.volid('Template volid (storage:vztmpl/…)', 'vztmpl'),
      hostname: field.hostname('Hostname'),
      memory: field.memory().optional(),
      cores: field.cores().optional(),
      storage: field.storage('Root disk storage'),
      size: field.sizeGb(),
      bridge: field.bridge().optional(),
      ssh_public_keys: z
        .array(z.string().max(2000).regex(SSH_PUBLIC_KEY, { message: 'must be one OpenSSH public key line' }))
        .max(10)
        .optional()
        .describe('OpenSSH public keys for root'),
      start: z.boolean().optional().describe('Start after creation'),
      wait: field.wait(),
    })
    .strict(),
  hints: REMOTE_WRITE,
  tier: 'elevated',
  async handler(args, ctx) {
    const { node, vmid, ostemplate, hostname, memory, cores, storage, size, bridge, ssh_public_keys, start, wait } = args;
    if (parseVolid(ostemplate)?.content !== 'vztmpl')
      throw new InputError('ostemplate must be a template volume id (storage:vztmpl/file).');
    const api = await ctx.deps.api(ctx.signal);
    const upid = await api.nodes.$(node).lxc.$post({
      vmid,
      ostemplate,
      hostname,
      memory,
      cores,
      start,
      unprivileged: true,
      rootfs: `${storage}:${size}`,
      ...(bridge ? { net0: `name=eth0,bridge=${bridge},ip=dhcp` } : {}),
      ...(ssh_public_keys?.length ? { 'ssh-public-keys': ssh_public_keys.join('\n') } : {}),
    });
    return taskOutput(ctx, node, upid, wait);
  },
});
