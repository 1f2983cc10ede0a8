import * as z from 'zod';
import { labelUntrusted, untrusted } from '../../../shared/untrusted.js';
import { guestRef } from '../validate.js';
import { REMOTE_READ, guestApi, proxmoxTool } from './common.js';

export const snapshotList = proxmoxTool({
  name: 'snapshot_list',
  title: 'List snapshots',
  description: 'Snapshots of one VM or container, oldest first.',
  input: z.object(guestRef()).strict(),
  hints: REMOTE_READ,
  tier: 'basic',
  async handler({ node, vmid, type }, ctx) {
    const rows = await guestApi(await ctx.deps.api(ctx.signal), node, type, vmid).snapshot.$get();
    const snapshots = rows
      .filter((s) => s.name !== 'current')
      .sort((a, b) => Number(a.snaptime ?? 0) - Number(b.snaptime ?? 0))
      .map((s) => ({
        name: s.name,
        ...(s.parent ? { parent: s.parent } : {}),
        ...(s.snaptime ? { time: new Date(Number(s.snaptime) * 1000).toISOString() } : {}),
        ...(s.vmstate ? { vmstate: true } : {}),
        ...(s.description ? { description: untrusted(String(s.description), 300) } : {}),
      }));
    const lines = snapshots.map(
      (s) =>
        `- ${s.name}${s.time ? ` ${s.time}` : ''}${s.vmstate ? ' vmstate' : ''}${s.parent ? `, parent ${s.parent}` : ''}${s.description ? `: ${labelUntrusted(s.description)}` : ''}`,
    );
    const text = snapshots.length
      ? `${type} ${vmid}: ${snapshots.length} snapshot(s), oldest first\n${lines.join('\n')}`
      : `${type} ${vmid} has no snapshots.`;
    return { data: { vmid, snapshots }, text };
  },
});
