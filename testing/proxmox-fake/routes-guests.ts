// Guest routes (qemu and lxc alike): list, create or restore, status and power actions, config, destroy, clone.
import { FakeError } from './checks.js';
import { QEMU_DISK_KEY, allocate, applyConfig, checkDigest, readConfig, uniqueMacs } from './guest-config.js';
import { guestBase, guestOf, storageOf, taskPrefix, volumeOf, type Route, type RouteContext } from './route-context.js';
import type { FakeGuest, GuestType } from './state.js';

function requireStopped(guest: FakeGuest, what: string): void {
  if (guest.status === 'running') throw new FakeError(500, `VM ${guest.vmid} is running - ${what}`);
}

export function guestRoutes(type: GuestType): Route[] {
  const base = guestBase(type);
  const prefix = taskPrefix(type);
  const actions =
    type === 'qemu'
      ? ['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume', 'reset']
      : ['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume'];
  return [
    {
      method: 'POST',
      path: `/nodes/{node}/${type}`,
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
          if (action !== 'start' && action !== 'stop' && guest.status !== 'running')
            throw new FakeError(500, `VM ${guest.vmid} not running`);
          return ctx.task(guest.node, `${prefix}${action}`, String(guest.vmid), () => {
            guest.status = action === 'stop' || action === 'shutdown' ? 'stopped' : 'running';
            guest.qmpstatus = action === 'suspend' ? 'paused' : guest.status;
          });
        },
      }),
    ),
    { method: 'GET', path: `${base}/config`, handle: (ctx) => readConfig(guestOf(ctx, type)) },
    {
      method: 'PUT',
      path: `${base}/config`,
      handle: (ctx) => {
        const guest = guestOf(ctx, type);
        checkDigest(guest, ctx.args.digest);
        applyConfig(guest, ctx.args);
        return null;
      },
    },
    {
      method: 'DELETE',
      path: base,
      handle: (ctx) => {
        const guest = guestOf(ctx, type);
        requireStopped(guest, 'destroy failed');
        return ctx.task(guest.node, `${prefix}destroy`, String(guest.vmid), () => {
          ctx.state.guests = ctx.state.guests.filter((g) => g !== guest);
        });
      },
    },
    // PVE clones containers too, but the server only clones VMs (and pve-schema.json has only that endpoint).
    ...(type === 'qemu' ? [cloneRoute(base, prefix)] : []),
  ];
}

function cloneRoute(base: string, prefix: string): Route {
  const type: GuestType = 'qemu';
  return {
    method: 'POST',
    path: `${base}/clone`,
    handle: (ctx) => {
      const source = guestOf(ctx, type);
      const newid = Number(ctx.args.newid);
      if (ctx.state.guests.some((g) => g.vmid === newid))
        throw new FakeError(500, `unable to create VM ${newid}: config file already exists`);
      const target = String(ctx.args.target ?? source.node);
      return ctx.task(source.node, `${prefix}clone`, String(source.vmid), () => {
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
  };
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
    throw new FakeError(
      500,
      `unable to create ${type === 'qemu' ? 'VM' : 'CT'} ${vmid} - VM ${vmid} already exists on node '${existing.node}'`,
    );
  }
  if (restoring) {
    const archive = String(type === 'qemu' ? args.archive : args.ostemplate);
    const volume = volumeOf(state, archive, 'backup');
    // pct restore puts the root file system on `storage`, default `local` — a directory storage that usually
    // cannot hold container volumes. qmrestore keeps each disk's storage unless told otherwise.
    if (type === 'lxc') storageOf(state, String(args.storage ?? 'local'), 'rootdir');
    else if (args.storage !== undefined) storageOf(state, String(args.storage), 'images');
    return ctx.task(node, type === 'qemu' ? 'qmrestore' : 'vzrestore', String(vmid), () => {
      state.guests = state.guests.filter((g) => g.vmid !== vmid);
      const source = volume.vmid !== undefined ? state.guests.find((g) => g.vmid === volume.vmid) : undefined;
      const config = { ...(source?.config ?? { name: `restored-${vmid}` }) };
      state.guests.push({
        vmid,
        node,
        type,
        status: 'stopped',
        config: args.unique === '1' ? uniqueMacs(config, type) : config,
        snapshots: [],
      });
    });
  }
  if (type === 'lxc') volumeOf(state, String(args.ostemplate), 'vztmpl');
  for (const [key, value] of Object.entries(args)) {
    if ((QEMU_DISK_KEY.test(key) || key === 'rootfs') && typeof value === 'string' && !value.includes('media=cdrom')) {
      storageOf(state, value.split(':')[0] as string, type === 'qemu' ? 'images' : 'rootdir');
    }
    if (key === 'ide2' && typeof value === 'string' && value.includes(',media=cdrom'))
      volumeOf(state, value.split(',')[0] as string, 'iso');
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
