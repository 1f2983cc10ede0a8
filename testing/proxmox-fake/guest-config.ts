// A guest's configuration keys: which PUT /config keys are disks, mount points and NICs (with their property
// checks), and how an update applies, allocating volumes and parking detached ones as unusedN as PVE does.
import { LXC_MP_RULES, LXC_NET_RULES, QEMU_DISK_RULES, QEMU_NET_RULES, FORMATS, checkProperties, int, str, type Params, type Spec } from './checks.js';
import type { FakeGuest, GuestType } from './state.js';

export const QEMU_DISK_KEY = /^(ide[0-3]|sata[0-5]|scsi([0-9]|[12][0-9]|30)|virtio([0-9]|1[0-5])|efidisk0|tpmstate0)$/;
const UNUSED_KEY = /^unused\d{1,3}$/;
export const MP_KEY = /^mp\d{1,3}$/;
export const NET_KEY = /^net([0-9]|[12][0-9]|3[01])$/;

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

export const qemuConfigPatterns: Array<[RegExp, Spec]> = [
  [QEMU_DISK_KEY, str(undefined, true, (v) => checkProperties(v, 'file', QEMU_DISK_RULES))],
  [NET_KEY, str(undefined, true, (v) => checkProperties(v, 'model', QEMU_NET_RULES, ['bridge']))],
];
export const lxcConfigPatterns: Array<[RegExp, Spec]> = [
  [MP_KEY, str(undefined, true, (v) => checkProperties(v, 'volume', LXC_MP_RULES, ['mp']))],
  [NET_KEY, str(undefined, true, (v) => checkProperties(v, 'name', LXC_NET_RULES, ['name']))],
];

export function configFor(type: GuestType): { params: Record<string, Spec>; patterns: Array<[RegExp, Spec]> } {
  return {
    params: { delete: str(/^[a-z0-9_,; ]+$/), digest: str(/^[a-f0-9]{40,64}$/), name: str(FORMATS.dnsName), memory: int(16, 4_194_304), cores: int(1, 512), description: str() },
    patterns: type === 'qemu' ? qemuConfigPatterns : lxcConfigPatterns,
  };
}

export function applyConfig(guest: FakeGuest, args: Params): void {
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
