import * as z from 'zod';
import { field } from '../validate.js';
import { REMOTE_READ, gib, proxmoxTool } from './common.js';

export const storageList = proxmoxTool({
  name: 'storage_list',
  title: 'List storage',
  description: 'Storages with content types and usage.',
  input: z.object({ node: field.node().optional() }).strict(),
  hints: REMOTE_READ,
  tier: 'basic',
  async handler({ node }, ctx) {
    const api = await ctx.deps.api(ctx.signal);
    if (node) {
      const rows = await api.nodes.$(node).storage.$get();
      return {
        text: rows
          .map((s) =>
            storageLine(s.storage, undefined, s.type, s.content, s.used, s.total, Boolean(s.shared), s.active !== undefined && !s.active),
          )
          .join('\n'),
        data: {
          storage: rows.map((s) => ({
            storage: s.storage,
            type: s.type,
            content: s.content,
            active: Boolean(s.active),
            shared: Boolean(s.shared),
            usedGiB: gib(s.used),
            totalGiB: gib(s.total),
          })),
        },
      };
    }
    const rows = await api.cluster.resources.$get({ type: 'storage' });
    return {
      text: rows
        .map((s) =>
          storageLine(
            s.storage,
            s.node,
            s.plugintype,
            s.content,
            s.disk,
            s.maxdisk,
            Boolean(s.shared),
            s.status !== undefined && s.status !== 'available',
          ),
        )
        .join('\n'),
      data: {
        storage: rows.map((s) => ({
          storage: s.storage,
          node: s.node,
          type: s.plugintype,
          content: s.content,
          status: s.status,
          shared: Boolean(s.shared),
          usedGiB: gib(s.disk),
          totalGiB: gib(s.maxdisk),
        })),
      },
    };
  },
});

function storageLine(
  id: unknown,
  node: unknown,
  type: unknown,
  content: unknown,
  used: unknown,
  total: unknown,
  shared: boolean,
  down: boolean,
): string {
  return `${id}${node ? ` on ${node}` : ''} ${type} [${content ?? ''}]: ${gib(used)} of ${gib(total)} GiB${shared ? ', shared' : ''}${down ? ', not available' : ''}`;
}
