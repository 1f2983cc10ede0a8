// Cluster and node routes: version, nodes and their status, cluster status and resources, the next free VM id.
import type { Route } from './route-context.js';

const GIB = 2 ** 30;

export const CLUSTER_ROUTES: Route[] = [
  { method: 'GET', path: '/version', handle: () => ({ version: '8.3.0', release: '8.3', repoid: 'fake' }) },
  {
    method: 'GET',
    path: '/nodes',
    // PVE knows the usage of online nodes only; an offline node is listed with its name and status.
    handle: (ctx) =>
      ctx.state.nodes.map((n) =>
        n.status === 'online'
          ? { node: n.node, status: n.status, cpu: n.cpu, maxcpu: n.maxcpu, mem: n.mem, maxmem: n.maxmem, uptime: n.uptime, level: '' }
          : { node: n.node, status: n.status, id: `node/${n.node}`, type: 'node' },
      ),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/status',
    handle: (ctx) => {
      const node = ctx.state.nodes.find((n) => n.node === ctx.path.node);
      return {
        uptime: node?.uptime,
        cpu: node?.cpu,
        cpuinfo: { cpus: node?.maxcpu, model: 'Fake CPU' },
        loadavg: ['0.10', '0.20', '0.30'],
        memory: { total: node?.maxmem, used: node?.mem, free: Number(node?.maxmem) - Number(node?.mem) },
        rootfs: { total: 100 * GIB, used: 10 * GIB },
        pveversion: 'pve-manager/8.3.0/fake',
        kversion: 'Linux 6.8.12-fake',
      };
    },
  },
  {
    method: 'GET',
    path: '/cluster/status',
    handle: (ctx) => [
      { type: 'cluster', id: 'cluster', name: ctx.state.cluster, nodes: ctx.state.nodes.length, quorate: 1, version: 3 },
      ...ctx.state.nodes.map((n, i) => ({
        type: 'node',
        id: `node/${n.node}`,
        name: n.node,
        nodeid: i + 1,
        online: n.status === 'online' ? 1 : 0,
        ip: `10.0.0.${i + 1}`,
        local: i === 0 ? 1 : 0,
      })),
    ],
  },
  {
    method: 'GET',
    path: '/cluster/resources',
    handle: (ctx) => {
      const want = ctx.args.type;
      const vms = ctx.state.guests.map((g) => ({
        id: `${g.type}/${g.vmid}`,
        type: g.type,
        vmid: g.vmid,
        name: g.config.name ?? g.config.hostname,
        node: g.node,
        status: g.status,
        maxmem: Number(g.config.memory ?? 512) * 2 ** 20,
        maxcpu: Number(g.config.cores ?? 1),
        template: 0,
      }));
      const storages = ctx.state.nodes.flatMap((n) =>
        ctx.state.storages.map((s) => ({
          id: `storage/${n.node}/${s.storage}`,
          type: 'storage',
          storage: s.storage,
          node: n.node,
          plugintype: s.type,
          content: s.content.join(','),
          status: n.status === 'online' ? 'available' : 'unknown',
          shared: s.shared ? 1 : 0,
          disk: s.used,
          maxdisk: s.total,
        })),
      );
      const nodes = ctx.state.nodes.map((n) => ({ id: `node/${n.node}`, type: 'node', node: n.node, status: n.status }));
      if (want === 'vm') return vms;
      if (want === 'storage') return storages;
      if (want === 'node') return nodes;
      return [...nodes, ...vms, ...storages];
    },
  },
  {
    method: 'GET',
    path: '/cluster/nextid',
    handle: (ctx) => {
      for (let id = 100; ; id++) if (!ctx.state.guests.some((g) => g.vmid === id)) return String(id);
    },
  },
];
