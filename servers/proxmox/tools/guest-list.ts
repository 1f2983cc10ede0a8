import * as z from 'zod';
import { field } from '../validate.js';
import { REMOTE_READ, pageInput, paginate, proxmoxTool } from './common.js';

export const guestList = proxmoxTool({
  name: 'guest_list',
  title: 'List guests',
  description: 'List VMs and containers in the cluster, by VMID.',
  input: z.object({ node: field.node().optional(), type: field.type().optional(), ...pageInput }).strict(),
  hints: REMOTE_READ,
  tier: 'basic',
  async handler({ node, type, limit, cursor }, ctx) {
    const api = await ctx.deps.api(ctx.signal);
    const resources = await api.cluster.resources.$get({ type: 'vm' });
    const guests = resources
      .filter((r) => (r.type === 'qemu' || r.type === 'lxc') && (!node || r.node === node) && (!type || r.type === type))
      .sort((a, b) => Number(a.vmid) - Number(b.vmid))
      .map((r) => ({
        vmid: r.vmid,
        name: r.name,
        type: r.type,
        node: r.node,
        status: r.status,
        ...(r.template ? { template: true } : {}),
      }));
    const page = paginate(guests, limit, cursor);
    const lines = page.items.map((g) => `${g.vmid} ${g.type} ${g.name ?? '-'} on ${g.node}: ${g.status}${g.template ? ', template' : ''}`);
    const head = `${page.total} guest(s)${page.items.length < page.total ? `, ${page.items.length} shown` : ''}:`;
    return {
      data: { guests: page.items, total: page.total, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
      text: [head, ...lines, ...(page.nextCursor ? [`more: cursor ${page.nextCursor}`] : [])].join('\n'),
    };
  },
});
