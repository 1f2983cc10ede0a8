// Disk routes of a guest: resize (grow only) and move a disk or volume to another storage.
import { FakeError, parsePropertyString } from './checks.js';
import { formatSize, nextUnused, parseSize } from './guest-config.js';
import { guestBase, guestOf, storageOf, type Route } from './route-context.js';
import type { GuestType } from './state.js';

export function diskRoutes(type: GuestType): Route[] {
  const base = guestBase(type);
  return [
    {
      method: 'PUT',
      path: `${base}/resize`,
      handle: (ctx) => {
        const guest = guestOf(ctx, type);
        const disk = String(ctx.args.disk);
        const current = guest.config[disk];
        if (current === undefined) throw new FakeError(500, `disk '${disk}' does not exist`);
        const props = parsePropertyString(String(current), 'file') ?? {};
        // PVE reads a size without a unit as bytes: `+10` grows by ten bytes, `64` asks for 64 bytes.
        const oldSize = parseSize(props.size ?? '0');
        const size = String(ctx.args.size);
        const newSize = size.startsWith('+') ? oldSize + parseSize(size.slice(1)) : parseSize(size);
        if (newSize < oldSize) throw new FakeError(500, 'shrinking disks is not supported');
        return ctx.task(guest.node, 'resize', String(guest.vmid), () => {
          guest.config[disk] = String(current).replace(/size=[^,]+/, `size=${formatSize(newSize)}`);
        });
      },
    },
    {
      method: 'POST',
      path: type === 'qemu' ? `${base}/move_disk` : `${base}/move_volume`,
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
