import * as z from 'zod';
import { REMOTE_READ, proxmoxTool } from './common.js';

export const clusterStatus = proxmoxTool({
  name: 'cluster_status',
  title: 'Cluster status',
  description: 'Cluster name, quorum and which nodes are online.',
  input: z.object({}).strict(),
  hints: REMOTE_READ,
  tier: 'basic',
  async handler(_args, ctx) {
    const api = await ctx.deps.api(ctx.signal);
    const entries = await api.cluster.status.$get();
    const cluster = entries.find((e) => e.type === 'cluster');
    const nodes = entries
      .filter((e) => e.type === 'node')
      .map((e) => `${e.name} ${e.ip} ${e.online ? 'online' : 'offline'}${e.local ? ' (this one)' : ''}`);
    const head = cluster
      ? `cluster ${cluster.name}: ${cluster.quorate ? 'quorate' : 'NOT quorate'}, ${cluster.nodes} node(s)`
      : 'no cluster: a single node';
    return {
      text: `${head}\n${nodes.join('; ')}`,
      data: {
        cluster: cluster ? { name: cluster.name, quorate: Boolean(cluster.quorate), nodes: cluster.nodes } : null,
        nodes: entries
          .filter((e) => e.type === 'node')
          .map((e) => ({ name: e.name, online: Boolean(e.online), ip: e.ip, local: Boolean(e.local) })),
      },
    };
  },
});
