import { DESTRUCTIVE, READ, WRITE, defineTool, type ToolDefinition, type ToolHints } from '../../../shared/define-tool.js';
import { ConflictError, InputError, NotFoundError } from '../../../shared/errors.js';
import { untrusted } from '../../../shared/untrusted.js';
import * as z from 'zod';
import type { ProxmoxApi } from '../client.js';
import type { ProxmoxDeps } from '../deps.js';
import { CURSOR, LXC_MOUNTPOINT, QEMU_DISK, UNUSED_DISK, field } from '../validate.js';

/** defineTool with this server's dependencies, so handlers get a typed `ctx.deps`. */
export function proxmoxTool<Input extends z.ZodObject>(definition: ToolDefinition<Input, ProxmoxDeps>): ToolDefinition<Input, ProxmoxDeps> {
  return defineTool(definition);
}

// Every Proxmox tool talks to a remote system.
export const REMOTE_READ: ToolHints = { ...READ, openWorldHint: true };
export const REMOTE_WRITE: ToolHints = { ...WRITE, openWorldHint: true };
export const REMOTE_DESTRUCTIVE: ToolHints = { ...DESTRUCTIVE, openWorldHint: true };

export type GuestType = 'qemu' | 'lxc';

/**
 * The `/nodes/{node}/{type}/{vmid}` subtree. QEMU and LXC share these endpoints, but proxmox-api types them
 * separately; this is the common part the tools use.
 */
export interface GuestApi {
  status: {
    current: { $get(): Promise<Record<string, unknown>> };
    [action: string]: unknown;
  };
  config: {
    $get(): Promise<Record<string, unknown>>;
    $put(params: Record<string, unknown>): Promise<unknown>;
  };
  snapshot: {
    $get(): Promise<Array<Record<string, unknown>>>;
    $post(params: Record<string, unknown>): Promise<unknown>;
    $(snapname: string): {
      $delete(): Promise<unknown>;
      rollback: { $post(): Promise<unknown> };
    };
  };
  resize: { $put(params: Record<string, unknown>): Promise<unknown> };
  $delete(params?: Record<string, unknown>): Promise<unknown>;
}

export function guestApi(api: ProxmoxApi, node: string, type: GuestType, vmid: number): GuestApi {
  const nodeApi = api.nodes.$(node);
  return (type === 'qemu' ? nodeApi.qemu.$(vmid) : nodeApi.lxc.$(vmid)) as unknown as GuestApi;
}

/** `POST …/status/{action}` for an action already checked against the tool's enum. */
export function powerAction(guest: GuestApi, action: string): Promise<unknown> {
  return (guest.status[action] as { $post(): Promise<unknown> }).$post();
}

export const pageInput = {
  limit: z.number().int().min(1).max(200).optional().describe('Max items (100)'),
  cursor: z
    .string()
    .max(6)
    .regex(CURSOR, { message: 'must be a cursor returned by a previous page' })
    .optional()
    .describe('From nextCursor'),
};

/** One page of a list; `nextCursor` is present when more items follow. */
export function paginate<T>(items: T[], limit = 100, cursor = '0'): { items: T[]; total: number; nextCursor?: string } {
  const start = Number(cursor);
  const page = items.slice(start, start + limit);
  const next = start + page.length;
  return { items: page, total: items.length, ...(next < items.length ? { nextCursor: String(next) } : {}) };
}

/** Keys whose values a guest config must never echo (cloud-init password and anything secret-like). */
const SECRET_KEY = /pass|secret|token|^cipassword$/i;

export function redactConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key === 'digest') continue;
    if (SECRET_KEY.test(key)) out[key] = '[redacted]';
    else if (key === 'description') out[key] = untrusted(String(value), 1000);
    else out[key] = value;
  }
  return out;
}

/** Rounds a 0..1 fraction to a percentage. */
export const percent = (fraction: unknown): number => Math.round(Number(fraction ?? 0) * 1000) / 10;
/** Seconds as `2d 3h`, `4h 5m` or `6m`. */
export function duration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  return days > 0 ? `${days}d ${hours}h` : hours > 0 ? `${hours}h ${Math.floor((seconds % 3600) / 60)}m` : `${Math.floor(seconds / 60)}m`;
}
/** Bytes to GiB with one decimal. */
export const gib = (bytes: unknown): number => Math.round((Number(bytes ?? 0) / 2 ** 30) * 10) / 10;

/** Disk keys by guest type: QEMU disks, or an LXC `rootfs`/`mpN`; detached `unusedN` only where allowed. */
export function checkDisk(type: GuestType, disk: string, allowUnused: boolean): void {
  const ok =
    type === 'qemu'
      ? QEMU_DISK.test(disk) || (allowUnused && UNUSED_DISK.test(disk))
      : disk === 'rootfs' || LXC_MOUNTPOINT.test(disk) || (allowUnused && UNUSED_DISK.test(disk));
  if (!ok) {
    throw new InputError(
      type === 'qemu'
        ? `disk must be a QEMU disk key (scsi0-30, virtio0-15, sata0-5, ide0-3, efidisk0, tpmstate0${allowUnused ? ', unused0-255' : ''}).`
        : `disk must be rootfs or mp0-mp255${allowUnused ? ' or unused0-255' : ''} for a container.`,
    );
  }
}

/** Any disk-like key; `checkDisk` then narrows it to the guest type. */
export const diskKey = field.diskKey;

/** A guest's config and the digest PVE computed for it (sent back with a write, so a concurrent change is refused). */
export async function readGuestConfig(guest: GuestApi): Promise<{ config: Record<string, unknown>; digest?: string }> {
  const config = await guest.config.$get();
  const digest = typeof config.digest === 'string' && /^[0-9a-f]{40}$/.test(config.digest) ? config.digest : undefined;
  return { config, ...(digest ? { digest } : {}) };
}

/**
 * Refuses to overwrite an existing config key (a disk, mount point…) that an "add" tool would replace; returns the
 * digest of the config it checked, for the write that follows.
 */
export async function assertKeyFree(guest: GuestApi, key: string): Promise<string | undefined> {
  const { config, digest } = await readGuestConfig(guest);
  if (config[key] !== undefined) throw new ConflictError(`${key} already exists on this guest; pick a free key.`);
  return digest;
}

/**
 * Removes one config key (a NIC, disk or mount point) that must exist, with the digest of the config it checked:
 * PVE ignores a `delete` of a missing key, and a key changed meanwhile by someone else is not removed blindly.
 */
export async function removeConfigKey(guest: GuestApi, key: string): Promise<void> {
  const { config, digest } = await readGuestConfig(guest);
  if (config[key] === undefined) throw new NotFoundError(`${key} does not exist on this guest; nothing was removed.`);
  await guest.config.$put({ delete: key, ...(digest ? { digest } : {}) });
}
