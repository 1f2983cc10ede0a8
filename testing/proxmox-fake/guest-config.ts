// A guest's configuration as PVE keeps it: the digest that guards concurrent changes, how an update applies
// (allocating volumes, parking detached ones as unusedN, generating a MAC for a NIC given without one), and the
// byte sizes of disks.
import { createHash } from 'node:crypto';
import { FakeError } from './checks.js';
import type { Params } from './pve-schema.js';
import type { FakeGuest, GuestType } from './state.js';

export const QEMU_DISK_KEY = /^(ide[0-3]|sata[0-5]|scsi([0-9]|[12][0-9]|30)|virtio([0-9]|1[0-5])|efidisk0|tpmstate0)$/;
export const MP_KEY = /^mp\d{1,3}$/;
export const NET_KEY = /^net([0-9]|[12][0-9]|3[01])$/;

/** The config and its digest (PVE: the SHA-1 of the config file; any change gives a new one). */
export function readConfig(guest: FakeGuest): Record<string, string | number> {
  return { ...guest.config, digest: digestOf(guest) };
}

export function digestOf(guest: FakeGuest): string {
  const sorted = Object.keys(guest.config)
    .sort()
    .map((k) => [k, guest.config[k]]);
  return createHash('sha1').update(JSON.stringify(sorted)).digest('hex');
}

/** A write that names a digest is refused when the config changed since it was read. */
export function checkDigest(guest: FakeGuest, digest: Params[string] | undefined): void {
  if (digest !== undefined && digest !== digestOf(guest)) {
    throw new FakeError(500, 'detected modified configuration - file changed by other user? Try again.');
  }
}

/** PVE's parse_size: a number with an optional K/M/G/T unit; without a unit it is bytes. */
export function parseSize(size: string): number {
  const match = /^(\d+(?:\.\d+)?)([KMGT])?$/.exec(size);
  if (!match) throw new FakeError(500, `unable to parse size '${size}'`);
  const unit = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 }[match[2] ?? ''] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

/** PVE's format_size: the largest unit that divides the size, else bytes. */
export function formatSize(bytes: number): string {
  for (const [unit, factor] of [
    ['T', 2 ** 40],
    ['G', 2 ** 30],
    ['M', 2 ** 20],
    ['K', 2 ** 10],
  ] as const) {
    if (bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return String(bytes);
}

/** Turns `local-lvm:32` into the allocated `local-lvm:vm-100-disk-N,size=32G` PVE stores. */
export function allocate(guest: FakeGuest, value: string, kind: 'vm' | 'subvol'): string {
  const [first, ...rest] = value.split(',');
  const match = /^([^:]+):(\d+)$/.exec(first ?? '');
  if (!match) return value;
  const used = Object.values(guest.config).filter((v) => typeof v === 'string' && v.includes(`-${guest.vmid}-disk-`)).length;
  return [`${match[1]}:${kind}-${guest.vmid}-disk-${used},size=${match[2]}G`, ...rest.filter((p) => !p.startsWith('size='))].join(',');
}

export function nextUnused(guest: FakeGuest): string {
  for (let i = 0; ; i++) if (guest.config[`unused${i}`] === undefined) return `unused${i}`;
}

let macCounter = 0;
/** A new MAC with Proxmox's default prefix, as PVE generates for a NIC written without one. */
function generateMac(): string {
  macCounter = (macCounter + 1) % 0xffffff;
  const hex = macCounter.toString(16).toUpperCase().padStart(6, '0');
  return `BC:24:11:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

const QEMU_MODELS =
  /^(?:e1000|e1000-82540em|e1000-82544gc|e1000-82545em|e1000e|i82551|i82557b|i82559er|ne2k_isa|ne2k_pci|pcnet|rtl8139|virtio|vmxnet3)$/;

/** A NIC value as PVE writes it: with a MAC, generated when the value has none (the whole string is replaced). */
export function withMac(type: GuestType, value: string): string {
  const parts = value.split(',');
  if (type === 'lxc') return parts.some((p) => p.startsWith('hwaddr=')) ? value : [...parts, `hwaddr=${generateMac()}`].join(',');
  const [first, ...rest] = parts;
  const model = first?.startsWith('model=') ? first.slice(6) : (first ?? '');
  if (first?.includes('=') && !first.startsWith('model=')) return value;
  if (rest.some((p) => p.startsWith('macaddr='))) {
    const mac = rest.find((p) => p.startsWith('macaddr='))?.slice(8);
    return [`${model}=${mac}`, ...rest.filter((p) => !p.startsWith('macaddr='))].join(',');
  }
  return QEMU_MODELS.test(model) ? [`${model}=${generateMac()}`, ...rest].join(',') : value;
}

/** A restore with `unique`: every NIC gets a new MAC. */
export function uniqueMacs(config: FakeGuest['config'], type: GuestType): FakeGuest['config'] {
  const out = { ...config };
  for (const [key, value] of Object.entries(out)) {
    if (!NET_KEY.test(key) || typeof value !== 'string') continue;
    out[key] =
      type === 'qemu'
        ? value.replace(/^([a-z0-9_-]+)=[0-9A-Fa-f:]{17}/, `$1`)
        : value
            .split(',')
            .filter((p) => !p.startsWith('hwaddr='))
            .join(',');
    out[key] = withMac(type, String(out[key]));
  }
  return out;
}

export function applyConfig(guest: FakeGuest, args: Params): void {
  for (const key of String(args.delete ?? '')
    .split(/[,; ]+/)
    .filter(Boolean)) {
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
    else if (NET_KEY.test(key)) guest.config[key] = withMac(guest.type, value);
    else guest.config[key] = /^\d+$/.test(value) ? Number(value) : value;
  }
}
