import * as z from 'zod';
import { labelUntrusted, untrusted } from '../../../shared/untrusted.js';
import { field } from '../validate.js';
import { REMOTE_READ, gib, pageInput, paginate, proxmoxTool } from './common.js';

export const backupList = proxmoxTool({
  name: 'backup_list',
  title: 'List backups',
  description: 'Backup archives on a storage, newest first; optionally for one VMID.',
  input: z.object({ node: field.node(), storage: field.storage(), vmid: field.vmid().optional(), ...pageInput }).strict(),
  hints: REMOTE_READ,
  tier: 'basic',
  async handler({ node, storage, vmid, limit, cursor }, ctx) {
    const api = await ctx.deps.api(ctx.signal);
    const rows = await api.nodes
      .$(node)
      .storage.$(storage)
      .content.$get({ content: 'backup', ...(vmid ? { vmid } : {}) });
    const backups = rows
      .sort((a, b) => Number(b.ctime ?? 0) - Number(a.ctime ?? 0))
      .map((b) => ({
        volid: b.volid,
        vmid: b.vmid,
        size: b.size,
        ...(b.ctime ? { time: new Date(Number(b.ctime) * 1000).toISOString() } : {}),
        ...(b.protected ? { protected: true } : {}),
        ...(b.notes ? { notes: untrusted(String(b.notes), 200) } : {}),
      }));
    const page = paginate(backups, limit, cursor);
    const lines = page.items.map(
      (b) =>
        `- ${b.volid} VMID ${b.vmid}, ${gib(b.size)} GiB${b.time ? `, ${b.time}` : ''}${b.protected ? ', protected' : ''}${b.notes ? `: notes ${labelUntrusted(b.notes)}` : ''}`,
    );
    const head = `${page.total} backup(s) on ${storage}${vmid ? ` for VMID ${vmid}` : ''}${page.items.length < page.total ? `, ${page.items.length} shown` : ''}`;
    return {
      data: { backups: page.items, total: page.total, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
      text: [head, ...lines, ...(page.nextCursor ? [`more: cursor ${page.nextCursor}`] : [])].join('\n'),
    };
  },
});
