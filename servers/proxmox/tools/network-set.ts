import * as z from 'zod';
import { InputError } from '../../../shared/errors.js';
import { CONTAINER_IP, IPV4, MAC, field, guestRef, isCidr } from '../validate.js';
import { REMOTE_DESTRUCTIVE, guestApi, proxmoxTool, readGuestConfig } from './common.js';
import { mergeLxcNic, mergeQemuNic } from './nic-string.js';

const MODELS = [
  'virtio',
  'e1000',
  'e1000e',
  'e1000-82540em',
  'e1000-82544gc',
  'e1000-82545em',
  'i82551',
  'i82557b',
  'i82559er',
  'ne2k_isa',
  'ne2k_pci',
  'pcnet',
  'rtl8139',
  'vmxnet3',
] as const;

export const networkSet = proxmoxTool({
  name: 'network_set',
  title: 'Set a network device',
  description: 'Add a guest NIC, or change only the given options of an existing one (MAC and the rest are kept).',
  input: z
    .object({
      ...guestRef(),
      net: field.net(),
      bridge: field.bridge().optional().describe('Bridge, e.g. vmbr0 (needed for a new NIC)'),
      model: field.oneOf(MODELS, 'qemu NIC model, default virtio').optional(),
      macaddr: z
        .string()
        .max(17)
        .regex(MAC, { message: 'must be a unicast MAC like BC:24:11:00:00:01' })
        .optional()
        .describe('MAC address'),
      tag: z.number().int().min(1).max(4094).optional().describe('VLAN tag'),
      firewall: z.boolean().optional().describe('Enable the firewall'),
      ip: z
        .string()
        .max(18)
        .regex(CONTAINER_IP, { message: 'must be dhcp, manual or an IPv4 CIDR with a /8-/32 prefix' })
        .refine((ip) => ip === 'dhcp' || ip === 'manual' || isCidr(ip))
        .optional()
        .describe('lxc: dhcp or CIDR'),
      gw: z.string().max(15).regex(IPV4, { message: 'must be an IPv4 address' }).optional().describe('lxc: IPv4 gateway'),
    })
    .strict(),
  hints: REMOTE_DESTRUCTIVE,
  tier: 'elevated',
  async handler({ node, vmid, type, net, bridge, model, macaddr, tag, firewall, ip, gw }, ctx) {
    if (type === 'qemu' && (ip || gw)) throw new InputError('ip and gw apply to containers; configure a VM’s address inside the guest.');
    if (type === 'lxc' && model) throw new InputError('model applies to qemu guests only.');
    const guest = guestApi(await ctx.deps.api(ctx.signal), node, type, vmid);
    const { config, digest } = await readGuestConfig(guest);
    const existing = typeof config[net] === 'string' ? (config[net] as string) : undefined;
    if (existing === undefined && !bridge) throw new InputError(`${net} does not exist yet; a new NIC needs a bridge.`);
    const options = {
      tag: tag === undefined ? undefined : String(tag),
      firewall: firewall === undefined ? undefined : firewall ? '1' : '0',
    };
    const value =
      type === 'qemu'
        ? mergeQemuNic(existing ?? model ?? 'virtio', model, macaddr, { bridge, ...options })
        : mergeLxcNic(existing ?? `name=eth${net.slice(3)}`, {
            bridge,
            hwaddr: macaddr,
            ip: ip ?? (existing === undefined ? 'dhcp' : undefined),
            gw,
            ...options,
          });
    // The digest makes PVE refuse the write when someone changed the config since it was read.
    await guest.config.$put({ [net]: value, ...(digest ? { digest } : {}) });
    return { data: { vmid, node, [net]: value }, text: `Set ${net} of ${vmid} on ${node}: ${value}` };
  },
});
