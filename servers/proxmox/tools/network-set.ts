import * as z from 'zod';
import { InputError } from '../../../shared/errors.js';
import { IPV4, MAC, field, guestRef } from '../validate.js';
import { REMOTE_DESTRUCTIVE, guestApi, proxmoxTool } from './common.js';

const MODELS = [
  'virtio', 'e1000', 'e1000e', 'e1000-82540em', 'e1000-82544gc', 'e1000-82545em', 'i82551', 'i82557b',
  'i82559er', 'ne2k_isa', 'ne2k_pci', 'pcnet', 'rtl8139', 'vmxnet3',
] as const;

const isCidr = (ip: string) => {
  const [address, prefix, extra] = ip.split('/');
  return extra === undefined && IPV4.test(address ?? '') && /^(?:[0-9]|[12][0-9]|3[0-2])$/.test(prefix ?? '');
};

export const networkSet = proxmoxTool({
  name: 'network_set',
  title: 'Set a network device',
  description: 'Add or replace a guest NIC.',
  input: z
    .object({
      ...guestRef(),
      net: field.net(),
      bridge: field.bridge(),
      model: field.oneOf(MODELS, 'qemu NIC model, default virtio').optional(),
      macaddr: z.string().refine((m) => MAC.test(m), { message: 'must be a unicast MAC like BC:24:11:00:00:01' }).optional().describe('MAC address'),
      tag: z.number().int().min(1).max(4094).optional().describe('VLAN tag'),
      firewall: z.boolean().optional().describe('Enable the firewall'),
      ip: z.string().refine((ip) => ip === 'dhcp' || ip === 'manual' || isCidr(ip), { message: 'must be dhcp, manual or an IPv4 CIDR' }).optional().describe('lxc: dhcp or CIDR'),
      gw: z.string().refine((g) => IPV4.test(g), { message: 'must be an IPv4 address' }).optional().describe('lxc: IPv4 gateway'),
    })
    .strict(),
  hints: REMOTE_DESTRUCTIVE,
  tier: 'elevated',
  async handler({ node, vmid, type, net, bridge, model, macaddr, tag, firewall, ip, gw }, ctx) {
    const parts: string[] = [];
    if (type === 'qemu') {
      if (ip || gw) throw new InputError('ip and gw apply to containers; configure a VM’s address inside the guest.');
      parts.push(macaddr ? `${model ?? 'virtio'}=${macaddr}` : `${model ?? 'virtio'}`, `bridge=${bridge}`);
    } else {
      if (model) throw new InputError('model applies to qemu guests only.');
      parts.push(`name=eth${net.slice(3)}`, `bridge=${bridge}`, ...(macaddr ? [`hwaddr=${macaddr}`] : []), `ip=${ip ?? 'dhcp'}`);
      if (gw) parts.push(`gw=${gw}`);
    }
    if (tag !== undefined) parts.push(`tag=${tag}`);
    if (firewall !== undefined) parts.push(`firewall=${firewall ? 1 : 0}`);
    const value = parts.join(',');
    await guestApi(await ctx.deps.api(ctx.signal), node, type, vmid).config.$put({ [net]: value });
    return { data: { vmid, node, [net]: value } };
  },
});
