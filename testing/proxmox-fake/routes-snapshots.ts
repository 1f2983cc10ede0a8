// Snapshot routes of a guest: list (with PVE's "current" entry), take, delete, roll back.
import { FakeError } from './checks.js';
import { guestBase, guestOf, taskPrefix, type Route } from './route-context.js';
import type { FakeGuest, GuestType } from './state.js';

export function snapshotRoutes(type: GuestType): Route[] {
  const base = guestBase(type);
  const prefix = taskPrefix(type);
  return [
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
      handle: (ctx) => {
        const guest = guestOf(ctx, type);
        const name = String(ctx.args.snapname);
        // qemu-server refuses `current` and (any case) `pending`; pve-container `current` and `vzdump`.
        const reserved = name === 'current' || (type === 'qemu' ? name.toLowerCase() === 'pending' : name === 'vzdump');
        if (reserved) throw new FakeError(500, `unable to use snapshot name '${name}' (reserved name)`);
        if (guest.snapshots.some((s) => s.name === name)) throw new FakeError(500, `snapshot name '${name}' already used`);
        return ctx.task(guest.node, `${prefix}snapshot`, String(guest.vmid), () => {
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
      handle: (ctx) => {
        const guest = guestOf(ctx, type);
        const snapshot = findSnapshot(guest, ctx.path.snapname as string);
        return ctx.task(guest.node, `${prefix}delsnapshot`, String(guest.vmid), () => {
          guest.snapshots = guest.snapshots.filter((s) => s !== snapshot);
        });
      },
    },
    {
      method: 'POST',
      path: `${base}/snapshot/{snapname}/rollback`,
      handle: (ctx) => {
        const guest = guestOf(ctx, type);
        findSnapshot(guest, ctx.path.snapname as string);
        return ctx.task(guest.node, `${prefix}rollback`, String(guest.vmid), () => {
          guest.status = 'stopped';
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
