import {
  FORMATS,
  FakeError,
  LXC_MP_RULES,
  LXC_NET_RULES,
  QEMU_DISK_RULES,
  QEMU_NET_RULES,
  bool,
  checkProperties,
  int,
  oneOf,
  parsePropertyString,
  required,
  str,
  verifyParams,
  type Params,
  type Spec,
} from './checks.js';
import type { FakeGuest, FakeState, FakeTask, FakeVolume, GuestType } from './state.js';

/** What a route handler gets: path parameters (already format-checked), verified arguments, the cluster. */
export interface RouteContext {
  path: Record<string, string>;
  args: Params;
  state: FakeState;
  /** Starts a PVE worker task and returns its UPID; `effect` applies when it stops with OK. */
  task(node: string, type: string, id: string, effect?: () => void): string;
}

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Segments; `{name}` is one path parameter, `{name*}` the rest of the path (a volume id). */
  path: string;
  params?: Record<string, Spec>;
  patterns?: Array<[RegExp, Spec]>;
  handle(ctx: RouteContext): unknown;
}

const GIB = 2 ** 30;
const TYPES: GuestType[] = ['qemu', 'lxc'];
const QEMU_DISK_KEY = /^(ide[0-3]|sata[0-5]|scsi([0-9]|[12][0-9]|30)|virtio([0-9]|1[0-5])|efidisk0|tpmstate0)$/;
const UNUSED_KEY = /^unused\d{1,3}$/;
const MP_KEY = /^mp\d{1,3}$/;
const NET_KEY = /^net([0-9]|[12][0-9]|3[01])$/;

const vmidParam = (optional = false): Spec => ({ ...str(FORMATS.vmid, optional) });

// Path-parameter formats PVE checks before any handler runs.
const PATH_FORMATS: Record<string, RegExp> = {
  node: FORMATS.node,
  vmid: FORMATS.vmid,
  storage: FORMATS.storage,
  snapname: FORMATS.configid,
  upid: FORMATS.upid,
};
const PATH_MESSAGES: Record<string, string> = {
  vmid: 'invalid format - value does not look like a valid VM ID',
  upid: 'unable to parse worker upid',
};

function guestOf(ctx: RouteContext, type: GuestType): FakeGuest {
  const vmid = Number(ctx.path.vmid);
  const guest = ctx.state.guests.find((g) => g.vmid === vmid);
  if (!guest || guest.node !== ctx.path.node || guest.type !== type) {
    const file = type === 'qemu' ? `qemu-server/${vmid}.conf` : `lxc/${vmid}.conf`;
    throw new FakeError(500, `Configuration file 'nodes/${ctx.path.node}/${file}' does not exist`);
  }
  return guest;
}

function storageOf(state: FakeState, id: string, content?: string) {
  const storage = state.storages.find((s) => s.storage === id);
  if (!storage) throw new FakeError(500, `storage '${id}' does not exist`);
  if (content && !storage.content.includes(content)) {
    throw new FakeError(500, `storage '${id}' does not support content-type '${content}'`);
  }
  return storage;
}

function volumeOf(state: FakeState, volid: string, content: FakeVolume['content']): FakeVolume {
  const volume = state.volumes.find((v) => v.volid === volid && v.content === content);
  if (!volume) throw new FakeError(500, `volume '${volid}' does not exist`);
  return volume;
}

/** Turns `local-lvm:32` into the allocated `local-lvm:vm-100-disk-N,size=32G` PVE stores. */
function allocate(guest: FakeGuest, value: string, kind: 'vm' | 'subvol'): string {
  const [first, ...rest] = value.split(',');
  const match = /^([^:]+):(\d+)$/.exec(first ?? '');
  if (!match) return value;
  const used = Object.values(guest.config).filter((v) => typeof v === 'string' && v.includes(`-${guest.vmid}-disk-`)).length;
  return [`${match[1]}:${kind}-${guest.vmid}-disk-${used},size=${match[2]}G`, ...rest.filter((p) => !p.startsWith('size='))].join(',');
}

function nextUnused(guest: FakeGuest): string {
  for (let i = 0; ; i++) if (guest.config[`unused${i}`] === undefined) return `unused${i}`;
}

const qemuConfigPatterns: Array<[RegExp, Spec]> = [
  [QEMU_DISK_KEY, str(undefined, true, (v) => checkProperties(v, 'file', QEMU_DISK_RULES))],
  [NET_KEY, str(undefined, true, (v) => checkProperties(v, 'model', QEMU_NET_RULES, ['bridge']))],
];
const lxcConfigPatterns: Array<[RegExp, Spec]> = [
  [MP_KEY, str(undefined, true, (v) => checkProperties(v, 'volume', LXC_MP_RULES, ['mp']))],
  [NET_KEY, str(undefined, true, (v) => checkProperties(v, 'name', LXC_NET_RULES, ['name']))],
];

function configFor(type: GuestType): { params: Record<string, Spec>; patterns: Array<[RegExp, Spec]> } {
  return {
    params: { delete: str(/^[a-z0-9_,; ]+$/), digest: str(/^[a-f0-9]{40,64}$/), name: str(FORMATS.dnsName), memory: int(16, 4_194_304), cores: int(1, 512), description: str() },
    patterns: type === 'qemu' ? qemuConfigPatterns : lxcConfigPatterns,
  };
}

function applyConfig(guest: FakeGuest, args: Params): void {
  for (const key of String(args.delete ?? '').split(/[,; ]+/).filter(Boolean)) {
    const value = guest.config[key];
    if (value === undefined) continue;
    delete guest.config[key];
    const isVolume = QEMU_DISK_KEY.test(key) || MP_KEY.test(key);
    if (isVolume) guest.config[nextUnused(guest)] = String(value).split(',')[0] as string;
  }
  for (const [key, value] of Object.entries(args)) {
    if (key === 'delete' || key === 'digest' || Array.isArray(value)) continue;
    if (QEMU_DISK_KEY.test(key)) guest.config[key] = allocate(guest, value, 'vm');
    else if (MP_KEY.test(key)) guest.config[key] = allocate(guest, value, 'subvol');
    else guest.config[key] = /^\d+$/.test(value) ? Number(value) : value;
  }
}

function requireStopped(guest: FakeGuest, what: string): void {
  if (guest.status === 'running') throw new FakeError(500, `VM ${guest.vmid} is running - ${what}`);
}

function guestRoutes(type: GuestType): Route[] {
  const base = `/nodes/{node}/${type}/{vmid}`;
  const config = configFor(type);
  const taskPrefix = type === 'qemu' ? 'qm' : 'vz';
  const actions = type === 'qemu' ? ['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume', 'reset'] : ['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume'];
  return [
    {
      method: 'GET',
      path: `/nodes/{node}/${type}`,
      handle: (ctx) =>
        ctx.state.guests
          .filter((g) => g.node === ctx.path.node && g.type === type)
          .map((g) => ({ vmid: g.vmid, name: g.config.name ?? g.config.hostname, status: g.status, maxmem: Number(g.config.memory ?? 512) * 2 ** 20 })),
    },
    {
      method: 'POST',
      path: `/nodes/{node}/${type}`,
      params:
        type === 'qemu'
          ? {
              vmid: vmidParam(),
              name: str(FORMATS.dnsName),
              memory: str(/^\d+$/),
              cores: int(1, 512),
              sockets: int(1, 16),
              ostype: oneOf(['l26', 'l24', 'win11', 'win10', 'win8', 'win7', 'wvista', 'w2k8', 'w2k3', 'w2k', 'wxp', 'solaris', 'other']),
              scsihw: oneOf(['lsi', 'lsi53c810', 'virtio-scsi-pci', 'virtio-scsi-single', 'megasas', 'pvscsi']),
              boot: str(/^order=[a-z0-9;]+$/),
              start: bool(),
              archive: str(),
              storage: str(FORMATS.storage),
              force: bool(),
            }
          : {
              vmid: vmidParam(),
              ostemplate: required(str()),
              hostname: str(FORMATS.dnsName),
              memory: int(16, 4_194_304),
              cores: int(1, 8192),
              rootfs: str(undefined, true, (v) => checkProperties(v, 'volume', LXC_MP_RULES)),
              unprivileged: bool(),
              start: bool(),
              restore: bool(),
              storage: str(FORMATS.storage),
              force: bool(),
              'ssh-public-keys': str(),
            },
      patterns: type === 'qemu' ? qemuConfigPatterns : [[NET_KEY, (lxcConfigPatterns[1] as [RegExp, Spec])[1]]],
      handle: (ctx) => createOrRestore(ctx, type),
    },
    { method: 'GET', path: `${base}/status/current`, handle: (ctx) => currentStatus(guestOf(ctx, type)) },
    ...actions.map(
      (action): Route => ({
        method: 'POST',
        path: `${base}/status/${action}`,
        handle: (ctx) => {
          const guest = guestOf(ctx, type);
          if (action === 'start' && guest.status === 'running') throw new FakeError(500, `VM ${guest.vmid} already running`);
          if (action !== 'start' && action !== 'stop' && guest.status !== 'running') throw new FakeError(500, `VM ${guest.vmid} not running`);
          return ctx.task(guest.node, `${taskPrefix}${action}`, String(guest.vmid), () => {
            guest.status = action === 'stop' || action === 'shutdown' ? 'stopped' : 'running';
            guest.qmpstatus = action === 'suspend' ? 'paused' : guest.status;
          });
        },
      }),
    ),
    { method: 'GET', path: `${base}/config`, handle: (ctx) => ({ ...guestOf(ctx, type).config, digest: 'a'.repeat(40) }) },
    {
      method: 'PUT',
      path: `${base}/config`,
      params: config.params,
      patterns: config.patterns,
      handle: (ctx) => {
        applyConfig(guestOf(ctx, type), ctx.args);
        return null;
      },
    },
    {
      method: 'DELETE',
      path: base,
      params: { purge: bool(), 'destroy-unreferenced-disks': bool(), skiplock: bool() },
      handle: (ctx) => {
        const guest = guestOf(ctx, type);
        requireStopped(guest, 'destroy failed');
        return ctx.task(guest.node, `${taskPrefix}destroy`, String(guest.vmid), () => {
          ctx.state.guests = ctx.state.guests.filter((g) => g !== guest);
        });
      },
    },
    {
      method: 'POST',
      path: `${base}/clone`,
      params: { newid: required(vmidParam()), name: str(FORMATS.dnsName), full: bool(), target: str(FORMATS.node), storage: str(FORMATS.storage), description: str() },
      handle: (ctx) => {
        const source = guestOf(ctx, type);
        const newid = Number(ctx.args.newid);
        if (ctx.state.guests.some((g) => g.vmid === newid)) throw new FakeError(500, `unable to create VM ${newid}: config file already exists`);
        const target = String(ctx.args.target ?? source.node);
        return ctx.task(source.node, `${taskPrefix}clone`, String(source.vmid), () => {
          ctx.state.guests.push({
            vmid: newid,
            node: target,
            type,
            status: 'stopped',
            config: { ...source.config, ...(ctx.args.name ? { name: String(ctx.args.name) } : {}) },
            snapshots: [],
          });
        });
      },
    },
    {
      method: 'GET',
      path: `${base}/snapshot`,
      handle: (ctx) => {
        const guest = guestOf(ctx, type);
        const last = guest.snapshots.at(-1)?.name;
        return [...guest.snapshots, { name: 'current', description: 'You are here!', ...(last ? { parent: last } : {}) }];
      },
    },
    {
      method: 'POST',
      path: `${base}/snapshot`,
      params: { snapname: required(str(FORMATS.configid)), description: str(), ...(type === 'qemu' ? { vmstate: bool() } : {}) },
      handle: (ctx) => {
        const guest = guestOf(ctx, type);
        const name = String(ctx.args.snapname);
        if (guest.snapshots.some((s) => s.name === name)) throw new FakeError(500, `snapshot name '${name}' already used`);
        return ctx.task(guest.node, `${taskPrefix}snapshot`, String(guest.vmid), () => {
          guest.snapshots.push({
            name,
            snaptime: Math.floor(Date.now() / 1000),
            ...(ctx.args.description ? { description: String(ctx.args.description) } : {}),
            ...(ctx.args.vmstate === '1' ? { vmstate: 1 } : {}),
            ...(guest.snapshots.at(-1) ? { parent: guest.snapshots.at(-1)?.name as string } : {}),
          });
        });
      },
    },
    {
      method: 'DELETE',
      path: `${base}/snapshot/{snapname}`,
      params: { force: bool() },
      handle: (ctx) => {
        const guest = guestOf(ctx, type);
        const snapshot = findSnapshot(guest, ctx.path.snapname as string);
        return ctx.task(guest.node, `${taskPrefix}delsnapshot`, String(guest.vmid), () => {
          guest.snapshots = guest.snapshots.filter((s) => s !== snapshot);
        });
      },
    },
    {
      method: 'POST',
      path: `${base}/snapshot/{snapname}/rollback`,
      params: { start: bool() },
      handle: (ctx) => {
        const guest = guestOf(ctx, type);
        findSnapshot(guest, ctx.path.snapname as string);
        return ctx.task(guest.node, `${taskPrefix}rollback`, String(guest.vmid), () => {
          guest.status = 'stopped';
        });
      },
    },
    {
      method: 'PUT',
      path: `${base}/resize`,
      params: { disk: required(str(/^[a-z0-9]+$/)), size: required(str(FORMATS.size)), digest: str() },
      handle: (ctx) => {
        const guest = guestOf(ctx, type);
        const disk = String(ctx.args.disk);
        const current = guest.config[disk];
        if (current === undefined) throw new FakeError(500, `disk '${disk}' does not exist`);
        const props = parsePropertyString(String(current), 'file') ?? {};
        const oldG = Number.parseFloat(props.size ?? '0');
        const size = String(ctx.args.size);
        const newG = size.startsWith('+') ? oldG + Number.parseFloat(size.slice(1)) : Number.parseFloat(size);
        if (newG < oldG) throw new FakeError(500, `shrinking disks is not supported`);
        return ctx.task(guest.node, 'resize', String(guest.vmid), () => {
          guest.config[disk] = String(current).replace(/size=[^,]+/, `size=${newG}G`);
        });
      },
    },
    {
      method: 'POST',
      path: type === 'qemu' ? `${base}/move_disk` : `${base}/move_volume`,
      params:
        type === 'qemu'
          ? { disk: required(str(/^[a-z0-9]+$/)), storage: str(FORMATS.storage), delete: bool(), format: str() }
          : { volume: required(str(/^[a-z0-9]+$/)), storage: str(FORMATS.storage), delete: bool() },
      handle: (ctx) => {
        const guest = guestOf(ctx, type);
        const key = String(ctx.args.disk ?? ctx.args.volume);
        const current = guest.config[key];
        if (current === undefined) throw new FakeError(500, `disk '${key}' does not exist`);
        const storage = storageOf(ctx.state, String(ctx.args.storage), type === 'qemu' ? 'images' : 'rootdir');
        return ctx.task(guest.node, type === 'qemu' ? 'qmmove' : 'move_volume', String(guest.vmid), () => {
          guest.config[key] = String(current).replace(/^[^:]+:/, `${storage.storage}:`);
          if (ctx.args.delete !== '1') guest.config[nextUnused(guest)] = String(current).split(',')[0] as string;
        });
      },
    },
  ];
}

function findSnapshot(guest: FakeGuest, name: string) {
  const snapshot = guest.snapshots.find((s) => s.name === name);
  if (!snapshot) throw new FakeError(500, `snapshot '${name}' does not exist`);
  return snapshot;
}

function currentStatus(guest: FakeGuest) {
  return {
    vmid: guest.vmid,
    name: guest.config.name ?? guest.config.hostname,
    status: guest.status,
    ...(guest.type === 'qemu' ? { qmpstatus: guest.qmpstatus ?? guest.status } : {}),
    uptime: guest.status === 'running' ? 3600 : 0,
    cpus: Number(guest.config.cores ?? 1),
    cpu: guest.status === 'running' ? 0.02 : 0,
    maxmem: Number(guest.config.memory ?? 512) * 2 ** 20,
    mem: guest.status === 'running' ? 2 ** 29 : 0,
  };
}

function createOrRestore(ctx: RouteContext, type: GuestType): string {
  const { args, state } = ctx;
  const node = ctx.path.node as string;
  const vmid = Number(args.vmid);
  if (!args.vmid) throw new FakeError(400, 'Parameter verification failed.', { vmid: 'property is missing and it is not optional' });
  const restoring = type === 'qemu' ? args.archive !== undefined : args.restore === '1';
  const existing = state.guests.find((g) => g.vmid === vmid);
  if (existing && !(restoring && args.force === '1')) {
    throw new FakeError(500, `unable to create ${type === 'qemu' ? 'VM' : 'CT'} ${vmid} - VM ${vmid} already exists on node '${existing.node}'`);
  }
  if (restoring) {
    const archive = String(type === 'qemu' ? args.archive : args.ostemplate);
    const volume = volumeOf(state, archive, 'backup');
    return ctx.task(node, type === 'qemu' ? 'qmrestore' : 'vzrestore', String(vmid), () => {
      state.guests = state.guests.filter((g) => g.vmid !== vmid);
      const source = volume.vmid !== undefined ? state.guests.find((g) => g.vmid === volume.vmid) : undefined;
      state.guests.push({ vmid, node, type, status: 'stopped', config: { ...(source?.config ?? { name: `restored-${vmid}` }) }, snapshots: [] });
    });
  }
  if (type === 'lxc') volumeOf(state, String(args.ostemplate), 'vztmpl');
  for (const [key, value] of Object.entries(args)) {
    if ((QEMU_DISK_KEY.test(key) || key === 'rootfs') && typeof value === 'string' && !value.includes('media=cdrom')) {
      storageOf(state, value.split(':')[0] as string, type === 'qemu' ? 'images' : 'rootdir');
    }
    if (key === 'ide2' && typeof value === 'string' && value.includes(',media=cdrom')) volumeOf(state, value.split(',')[0] as string, 'iso');
  }
  return ctx.task(node, type === 'qemu' ? 'qmcreate' : 'vzcreate', String(vmid), () => {
    const guest: FakeGuest = { vmid, node, type, status: 'stopped', config: {}, snapshots: [] };
    state.guests.push(guest);
    const { vmid: _vmid, start, ostemplate: _template, 'ssh-public-keys': _keys, ...config } = args;
    applyConfig(guest, config);
    if (type === 'lxc' && typeof guest.config.rootfs === 'string') guest.config.rootfs = allocate(guest, guest.config.rootfs, 'subvol');
    if (start === '1') guest.status = 'running';
  });
}

const CLUSTER_ROUTES: Route[] = [
  { method: 'GET', path: '/version', handle: () => ({ version: '8.3.0', release: '8.3', repoid: 'fake' }) },
  {
    method: 'GET',
    path: '/nodes',
    handle: (ctx) =>
      ctx.state.nodes.map((n) => ({ node: n.node, status: n.status, cpu: n.cpu, maxcpu: n.maxcpu, mem: n.mem, maxmem: n.maxmem, uptime: n.uptime, level: '' })),
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
    params: { type: oneOf(['vm', 'storage', 'node', 'sdn']) },
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
    params: { vmid: vmidParam(true) },
    handle: (ctx) => {
      for (let id = 100; ; id++) if (!ctx.state.guests.some((g) => g.vmid === id)) return String(id);
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/storage',
    params: { content: str(), enabled: bool() },
    handle: (ctx) =>
      ctx.state.storages.map((s) => ({
        storage: s.storage,
        type: s.type,
        content: s.content.join(','),
        active: 1,
        enabled: 1,
        shared: s.shared ? 1 : 0,
        total: s.total,
        used: s.used,
        avail: s.total - s.used,
        used_fraction: s.used / s.total,
      })),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/storage/{storage}/content',
    params: { content: oneOf(['backup', 'iso', 'vztmpl', 'images', 'rootdir']), vmid: vmidParam(true) },
    handle: (ctx) => {
      storageOf(ctx.state, ctx.path.storage as string);
      return ctx.state.volumes
        .filter((v) => v.storage === ctx.path.storage)
        .filter((v) => !ctx.args.content || v.content === ctx.args.content)
        .filter((v) => !ctx.args.vmid || v.vmid === Number(ctx.args.vmid))
        .map((v) => ({ volid: v.volid, content: v.content, format: v.format, size: v.size, ctime: v.ctime, ...(v.vmid ? { vmid: v.vmid } : {}), ...(v.notes ? { notes: v.notes } : {}) }));
    },
  },
  {
    method: 'DELETE',
    path: '/nodes/{node}/storage/{storage}/content/{volume*}',
    params: { delay: int(1, 30) },
    handle: (ctx) => {
      const volid = ctx.path.volume as string;
      const volume = ctx.state.volumes.find((v) => v.volid === volid || v.volid === `${ctx.path.storage}:${volid}`);
      if (!volume || volume.storage !== ctx.path.storage) throw new FakeError(500, `volume '${volid}' does not exist`);
      return ctx.task(ctx.path.node as string, 'imgdel', '', () => {
        ctx.state.volumes = ctx.state.volumes.filter((v) => v !== volume);
      });
    },
  },
  {
    method: 'POST',
    path: '/nodes/{node}/vzdump',
    params: {
      vmid: str(/^[0-9, ]+$/),
      storage: str(FORMATS.storage),
      mode: oneOf(['snapshot', 'suspend', 'stop']),
      compress: oneOf(['0', '1', 'gzip', 'lzo', 'zstd']),
      'notes-template': str(),
      protected: bool(),
      remove: bool(),
      bwlimit: int(0, 2 ** 31),
      all: bool(),
    },
    handle: (ctx) => {
      const vmid = Number(ctx.args.vmid);
      const guest = ctx.state.guests.find((g) => g.vmid === vmid && g.node === ctx.path.node);
      if (!guest) throw new FakeError(500, `guest ${vmid} is not on node '${ctx.path.node}'`);
      const storage = storageOf(ctx.state, String(ctx.args.storage ?? 'local'), 'backup');
      return ctx.task(guest.node, 'vzdump', String(vmid), () => {
        const stamp = new Date().toISOString().replace(/[-:]/g, '_').replace('T', '-').slice(0, 19);
        const ext = guest.type === 'qemu' ? 'vma' : 'tar';
        const zip = ctx.args.compress === 'zstd' ? '.zst' : ctx.args.compress === 'gzip' ? '.gz' : ctx.args.compress === 'lzo' ? '.lzo' : '';
        ctx.state.volumes.push({
          volid: `${storage.storage}:backup/vzdump-${guest.type}-${vmid}-${stamp}.${ext}${zip}`,
          storage: storage.storage,
          content: 'backup',
          size: 1_000_000,
          ctime: Math.floor(Date.now() / 1000),
          vmid,
          format: `${ext}${zip}`,
          ...(ctx.args['notes-template'] ? { notes: String(ctx.args['notes-template']) } : {}),
        });
      });
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/status',
    handle: (ctx) => {
      const task = taskOf(ctx);
      if (task.status === 'running' && task.pollsLeft > 0) task.pollsLeft--;
      if (task.status === 'running' && task.pollsLeft === 0) finishTask(task);
      return {
        upid: task.upid,
        node: task.node,
        pid: task.pid,
        pstart: task.pstart,
        starttime: task.starttime,
        type: task.type,
        id: task.id,
        user: task.user,
        status: task.status,
        ...(task.exitstatus ? { exitstatus: task.exitstatus } : {}),
      };
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/log',
    params: { start: int(0, 2 ** 31), limit: int(0, 2 ** 31), download: bool() },
    handle: (ctx) => {
      const task = taskOf(ctx);
      const start = Number(ctx.args.start ?? 0);
      const limit = Number(ctx.args.limit ?? 50);
      return task.log.slice(start, start + limit).map((t, i) => ({ n: start + i + 1, t }));
    },
  },
];

function taskOf(ctx: RouteContext): FakeTask {
  const task = ctx.state.tasks.get(ctx.path.upid as string);
  if (!task || task.node !== ctx.path.node) throw new FakeError(400, 'Parameter verification failed.', { upid: 'no such task' });
  return task;
}

/** Stops a task: applies its effect on success and closes its log as PVE does. */
export function finishTask(task: FakeTask): void {
  task.status = 'stopped';
  task.exitstatus ??= 'OK';
  const ok = task.exitstatus === 'OK' || task.exitstatus.startsWith('WARNINGS');
  if (ok) task.effect?.();
  task.log.push(ok ? `TASK ${task.exitstatus === 'OK' ? 'OK' : task.exitstatus}` : `TASK ERROR: ${task.exitstatus}`);
}

export const ROUTES: Route[] = [...CLUSTER_ROUTES, ...TYPES.flatMap(guestRoutes)];

export interface Match {
  route: Route;
  path: Record<string, string>;
}

/**
 * Finds the route for decoded segments (PVE: URL-decode the whole path, split on `/`, drop empty segments)
 * and checks path parameters. `undefined` → 501. A method with no route on a known path is 501 too.
 */
export function matchRoute(method: string, segments: string[]): Match | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const parts = route.path.split('/').filter(Boolean);
    const path: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const part = parts[i] as string;
      const segment = segments[i];
      if (part.endsWith('*}')) {
        if (segments.length <= i) ok = false;
        else path[part.slice(1, -2)] = segments.slice(i).join('/');
        break;
      }
      if (segment === undefined) ok = false;
      else if (part.startsWith('{')) path[part.slice(1, -1)] = segment;
      else ok = part === segment;
    }
    const rest = parts.at(-1)?.endsWith('*}') ? true : parts.length === segments.length;
    if (ok && rest) return { route, path };
  }
  return undefined;
}

export function verifyPath(path: Record<string, string>): void {
  const errors: Record<string, string> = {};
  for (const [key, value] of Object.entries(path)) {
    const format = PATH_FORMATS[key];
    if (format && !format.test(value)) errors[key] = PATH_MESSAGES[key] ?? 'invalid format - value does not match the regex pattern';
  }
  if (Object.keys(errors).length > 0) throw new FakeError(400, 'Parameter verification failed.', errors);
}

export function verifyArgs(match: Match, args: Params): void {
  verifyParams(args, match.route.params ?? {}, match.route.patterns ?? []);
}
