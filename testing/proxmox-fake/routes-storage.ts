// Storage routes: the storages of a node, their content (backups, ISOs, templates, images), deleting a volume,
// and vzdump backups.
import { FakeError } from './checks.js';
import { storageOf, type Route } from './route-context.js';
import type { FakeGuest } from './state.js';

export const STORAGE_ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/nodes/{node}/storage',
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
    handle: (ctx) => {
      storageOf(ctx.state, ctx.path.storage as string);
      return ctx.state.volumes
        .filter((v) => v.storage === ctx.path.storage)
        .filter((v) => !ctx.args.content || v.content === ctx.args.content)
        .filter((v) => !ctx.args.vmid || v.vmid === Number(ctx.args.vmid))
        .map((v) => ({
          volid: v.volid,
          content: v.content,
          format: v.format,
          size: v.size,
          ctime: v.ctime,
          ...(v.vmid ? { vmid: v.vmid } : {}),
          ...(v.notes ? { notes: v.notes } : {}),
        }));
    },
  },
  {
    method: 'DELETE',
    path: '/nodes/{node}/storage/{storage}/content/{volume*}',
    handle: (ctx) => {
      const volid = ctx.path.volume as string;
      const volume = ctx.state.volumes.find((v) => v.volid === volid || v.volid === `${ctx.path.storage}:${volid}`);
      if (!volume || volume.storage !== ctx.path.storage) throw new FakeError(500, `volume '${volid}' does not exist`);
      // PVE: the task id is `<owner vmid>@<storage>` (or just the storage) — an id with an `@`.
      const id = volume.vmid === undefined ? volume.storage : `${volume.vmid}@${volume.storage}`;
      return ctx.task(ctx.path.node as string, 'imgdel', id, () => {
        ctx.state.volumes = ctx.state.volumes.filter((v) => v !== volume);
      });
    },
  },
  {
    method: 'POST',
    path: '/nodes/{node}/vzdump',
    handle: (ctx) => {
      const vmid = Number(ctx.args.vmid);
      const anywhere = ctx.state.guests.find((g) => g.vmid === vmid);
      if (!anywhere) throw new FakeError(500, `unable to find VM ${vmid}`);
      // PVE backs up only the node's own guests; for a guest elsewhere it answers "OK" and starts no task.
      const guest = anywhere.node === ctx.path.node ? anywhere : undefined;
      if (!guest) return 'OK';
      const storage = storageOf(ctx.state, String(ctx.args.storage ?? 'local'), 'backup');
      const notes =
        ctx.args['notes-template'] === undefined
          ? undefined
          : expandNotes(String(ctx.args['notes-template']), guest, ctx.path.node as string, ctx.state.cluster);
      return ctx.task(guest.node, 'vzdump', String(vmid), () => {
        const stamp = new Date().toISOString().replace(/[-:]/g, '_').replace('T', '-').slice(0, 19);
        const ext = guest.type === 'qemu' ? 'vma' : 'tar';
        const zip =
          ctx.args.compress === 'zstd' ? '.zst' : ctx.args.compress === 'gzip' ? '.gz' : ctx.args.compress === 'lzo' ? '.lzo' : '';
        ctx.state.volumes.push({
          volid: `${storage.storage}:backup/vzdump-${guest.type}-${vmid}-${stamp}.${ext}${zip}`,
          storage: storage.storage,
          content: 'backup',
          size: 1_000_000,
          ctime: Math.floor(Date.now() / 1000),
          vmid,
          format: `${ext}${zip}`,
          ...(notes ? { notes } : {}),
        });
      });
    },
  },
];

/**
 * vzdump's notes template: `{{cluster}}`, `{{guestname}}`, `{{node}}`, `{{vmid}}` expand, any other variable is
 * refused; `\n` and `\\` are the escapes for a newline and a backslash.
 */
function expandNotes(template: string, guest: FakeGuest, node: string, cluster: string): string {
  const vars: Record<string, string> = {
    cluster,
    guestname: String(guest.config.name ?? guest.config.hostname ?? ''),
    node,
    vmid: String(guest.vmid),
  };
  const expanded = template.replace(/\{\{([^\s{}]+)\}\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new FakeError(500, `unknown variable '${name}' in notes template`);
    return value;
  });
  return expanded.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}
