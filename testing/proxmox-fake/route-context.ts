// What a Proxmox fake route is, what its handler gets, and the lookups several route families share (a guest, a
// storage, a volume), each failing with PVE's own message.
import { FakeError } from './checks.js';
import type { Params } from './pve-schema.js';
import type { FakeGuest, FakeState, FakeVolume, GuestType } from './state.js';

/** What a route handler gets: path parameters (already format-checked), verified arguments, the cluster. */
export interface RouteContext {
  path: Record<string, string>;
  args: Params;
  state: FakeState;
  /** Starts a PVE worker task and returns its UPID; `effect` applies when it stops with OK. */
  task(node: string, type: string, id: string, effect?: () => void): string;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Segments; `{name}` is one path parameter, `{name*}` the rest of the path (a volume id). Its parameters are
   * checked against pve-schema.json before the handler runs. */
  path: string;
  handle(ctx: RouteContext): unknown;
}

/** `/nodes/{node}/qemu/{vmid}` or `/nodes/{node}/lxc/{vmid}`. */
export function guestBase(type: GuestType): string {
  return `/nodes/{node}/${type}/{vmid}`;
}

/** The prefix of a guest's task types: `qmstart`, `vzsnapshot`… */
export function taskPrefix(type: GuestType): string {
  return type === 'qemu' ? 'qm' : 'vz';
}

export function guestOf(ctx: RouteContext, type: GuestType): FakeGuest {
  const vmid = Number(ctx.path.vmid);
  const guest = ctx.state.guests.find((g) => g.vmid === vmid);
  if (!guest || guest.node !== ctx.path.node || guest.type !== type) {
    const file = type === 'qemu' ? `qemu-server/${vmid}.conf` : `lxc/${vmid}.conf`;
    throw new FakeError(500, `Configuration file 'nodes/${ctx.path.node}/${file}' does not exist`);
  }
  return guest;
}

export function storageOf(state: FakeState, id: string, content?: string) {
  const storage = state.storages.find((s) => s.storage === id);
  if (!storage) throw new FakeError(500, `storage '${id}' does not exist`);
  if (content && !storage.content.includes(content)) {
    throw new FakeError(500, `storage '${id}' does not support content-type '${content}'`);
  }
  return storage;
}

export function volumeOf(state: FakeState, volid: string, content: FakeVolume['content']): FakeVolume {
  const volume = state.volumes.find((v) => v.volid === volid && v.content === content);
  if (!volume) throw new FakeError(500, `volume '${volid}' does not exist`);
  return volume;
}
