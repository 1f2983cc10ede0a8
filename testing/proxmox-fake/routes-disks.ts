// Disk routes of a guest: resize (grow only) and move a disk or volume to another storage.
import { FORMATS, FakeError, bool, parsePropertyString, required, str } from './checks.js';
import { nextUnused } from './guest-config.js';
import { guestBase, guestOf, storageOf, type Route } from './route-context.js';
import type { GuestType } from './state.js';

export function diskRoutes(type: GuestType): Route[] {
  const base = guestBase(type);
  return [
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
