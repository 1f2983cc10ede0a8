import * as z from 'zod';

/**
 * The allow-lists every Proxmox parameter passes before any request. proxmox-api does not encode path
 * segments (`$('..')` climbs a level, `?`/`#` end the path, `\` becomes `/`) and PVE URL-decodes the whole
 * path before routing, so escaping is not enough: each value must already be a harmless PVE identifier.
 * Patterns come from PVE's own formats (pve-common JSONSchema.pm, qemu-server, pve-container), sometimes
 * stricter. They are listed as JSON Schema patterns, so the model sees them before its first call.
 */

/** `pve-node`: letters, digits and inner hyphens; no dots or underscores (so never `.`/`..`); a DNS label. */
// Written with look-arounds rather than a nested group: it is listed in the schema of nearly every tool.
export const NODE = /^(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$/;
/** `pve-storage-id`: starts with a letter, ends alphanumeric, at least two characters (PVE parse_id). */
export const STORAGE = /^[a-zA-Z][a-zA-Z0-9._-]{0,98}[a-zA-Z0-9]$/;
/** `pve-snapshot-name` (configid, max 40): leading letter, so never a dot segment or a number. */
export const SNAPNAME = /^[a-zA-Z][a-zA-Z0-9_-]{1,39}$/;
/**
 * Whether PVE refuses to *create* a snapshot of this name: `current` for both guest types, `pending` in any case
 * for QEMU, `vzdump` for containers (vzdump's own snapshot). Any other name — and every existing snapshot, such
 * as a leftover `vzdump` — can be rolled back to and deleted.
 */
export function isReservedSnapname(type: 'qemu' | 'lxc', name: string): boolean {
  return name === 'current' || (type === 'qemu' ? name.toLowerCase() === 'pending' : name === 'vzdump');
}
/** QEMU disk keys PVE accepts: ide0-3, sata0-5, scsi0-30, virtio0-15, efidisk0, tpmstate0. */
export const QEMU_DISK = /^(?:ide[0-3]|sata[0-5]|scsi(?:[0-9]|[12][0-9]|30)|virtio(?:[0-9]|1[0-5])|efidisk0|tpmstate0)$/;
/** Detached volumes (`unused0`-`unused255`): only removable or movable, never attachable. */
export const UNUSED_DISK = /^unused(?:[0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])$/;
/** LXC mount points mp0-mp255 (the root file system is `rootfs`). */
export const LXC_MOUNTPOINT = /^mp(?:[0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])$/;
/** Network devices net0-net31 (both guest types); no leading zeros. */
export const NET = /^net(?:[0-9]|[12][0-9]|3[01])$/;
/** `pve-bridge-id`, limited to a Linux interface name (15 characters); a leading letter blocks `.`/`..`; `vmbr0.100` is fine. */
export const BRIDGE = /^[a-zA-Z][a-zA-Z0-9_.-]{0,14}$/;
/** `mac-addr`, unicast only (the second hex digit is even), colon-separated. */
export const MAC = /^[0-9a-fA-F][02468aceACE](?::[0-9a-fA-F]{2}){5}$/;
/**
 * A disk size change for `resize`: optional `+`, a number and a unit. PVE reads a number without a unit as bytes
 * (`+10` grows by ten bytes, `64` asks for a 64-byte disk), so the unit is required. No commas, so no extra properties.
 */
export const RESIZE = /^\+?\d{1,6}(?:\.\d{1,3})?[KMGT]$/;
/** dns-name: dot-separated DNS labels, 253 characters at most. */
export const HOSTNAME = /^(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
/**
 * A volume id `storage:content/file` of a backup, container template or ISO. The file name has no `/`, no
 * `%` and no leading dot, so the one path parameter that may contain a `/` cannot climb out of its storage.
 */
export const VOLID = /^([a-zA-Z][a-zA-Z0-9._-]{0,98}[a-zA-Z0-9]):(backup|vztmpl|iso)\/([A-Za-z0-9][A-Za-z0-9._+-]{0,250})$/;
/**
 * A backup volume id: `storage:backup/<name>`, where the name is a file of a directory storage (spaces and
 * parentheses allowed: archives copied in by hand) or a Proxmox Backup Server snapshot path
 * (`backup/vm/100/2026-01-02T00:00:00Z`). Each `/`-separated part is non-empty, never `.` or `..`, and holds no
 * control character, `\\` or `%`. It is sent percent-encoded (one path segment) or as a plain parameter — never
 * inside a property string, where a comma would matter.
 */
export const BACKUP_VOLID = /^([a-zA-Z][a-zA-Z0-9._-]{0,98}[a-zA-Z0-9]):backup\/([^\u0000-\u001f\u007f\\%]{1,400})$/;
/**
 * `UPID:node:pid:pstart:starttime:type:id:user:` (trailing colon), as PVE::Tools::upid_decode reads it: type, id
 * and user are anything without `:` or whitespace — `imgdel` ids are `100@local`, users `ci+bot@pve` or
 * `alice@example.com@oidc!tok` (PVE user names may hold anything but whitespace, `:` and `/`). Narrower only in
 * refusing `/` and control characters: PVE could not route a task id holding a `/` either. The UPID travels
 * percent-encoded as one path segment, so `?`, `#` and `%` stay inside it.
 */
export const UPID =
  /^UPID:([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/\u0000-\u001f\u007f]+):([^:\s/\u0000-\u001f\u007f]*):([^:\s/\u0000-\u001f\u007f]+@[^:\s/\u0000-\u001f\u007f]+):$/;
/** A mount path inside a container: absolute, no commas or `=` (property-string syntax), no `.`/`..` components. */
export const MOUNT_PATH = /^\/[A-Za-z0-9._/-]{0,255}$/;
/** IPv4 address; the optional `/prefix` is for container addresses. */
export const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
/** An OpenSSH public key line: key type, base64 body, an optional comment (spaces allowed, one line). */
export const SSH_PUBLIC_KEY =
  /^(?:ssh-(?:ed25519|rsa)|ecdsa-sha2-nistp(?:256|384|521)|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3}(?: [^\u0000-\u001f\u007f-\u009f\u2028\u2029]{1,200})?$/;
/** A pagination cursor is the offset of the next page. */
export const CURSOR = /^(?:0|[1-9][0-9]{0,5})$/;

/**
 * The second guard, in the request layer: a path segment proxmox-api will send raw. Refuses empty, `.`/`..`,
 * and anything holding `/ \ ? # %`, whitespace or control characters (the allow-list is narrower still).
 */
export const PATH_SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9@!:._-]+$/;

/** An IPv4 address with a prefix PVE accepts for a container (pve_verify_cidrv4: /8 to /32). */
export function isCidr(ip: string): boolean {
  const [address, prefix, extra] = ip.split('/');
  return extra === undefined && IPV4.test(address ?? '') && /^(?:[89]|[12][0-9]|3[0-2])$/.test(prefix ?? '');
}

export function isMountPath(path: string): boolean {
  return MOUNT_PATH.test(path) && !path.split('/').some((part) => part === '.' || part === '..') && !path.includes('//');
}

/** The parts of a UPID, or undefined when it does not match. */
export function parseUpid(upid: string): { node: string; type: string; id: string; user: string } | undefined {
  const match = UPID.exec(upid);
  if (!match) return undefined;
  return { node: match[1] as string, type: match[5] as string, id: match[6] as string, user: match[7] as string };
}

/** The parts of a volume id, or undefined when it does not match (or has a `..` anywhere). */
export function parseVolid(volid: string): { storage: string; content: string; file: string } | undefined {
  const match = VOLID.exec(volid);
  if (!match || volid.includes('..')) return undefined;
  return { storage: match[1] as string, content: match[2] as string, file: match[3] as string };
}

/** The parts of a backup volume id (see BACKUP_VOLID), or undefined. */
export function parseBackupVolid(volid: string): { storage: string; name: string } | undefined {
  const match = BACKUP_VOLID.exec(volid);
  if (!match) return undefined;
  const name = match[2] as string;
  if (name.split('/').some((part) => part === '' || part === '.' || part === '..' || part.trim() !== part)) return undefined;
  return { storage: match[1] as string, name };
}

// Every limit is a JSON Schema keyword (maxLength, pattern, integer bounds) in the listed schema, so the model sees
// what the handler enforces instead of learning it from refusals.
const pattern = (re: RegExp, message: string, max: number) => z.string().max(max).regex(re, { message });

/** A whole number in a range (a JSON number that is an integer: `100`, never `"100"` or `100.5`). */
const int = (min: number, max: number, message: string) => z.number().int({ message }).min(min, { message }).max(max, { message });

const inner = (re: RegExp) => re.source.replace(/^\^/, '').replace(/\$$/, '');
/** One line: no control characters (C0, DEL, C1) nor Unicode line/paragraph separators. */
const ONE_LINE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/;
/** VOLID of one content type, without any `..` (a lookahead, so the listed pattern says it too). */
const volidOf = (content: 'vztmpl' | 'iso') => new RegExp(`^(?!.*\\.\\.)${inner(VOLID).replace('(backup|vztmpl|iso)', `(${content})`)}$`);
/** Any disk-like key (QEMU disk, `unusedN`, `rootfs`, `mpN`); `checkDisk` then narrows it to the guest type. */
export const DISK_KEY = new RegExp(`^(?:rootfs|${inner(QEMU_DISK)}|${inner(UNUSED_DISK)}|${inner(LXC_MOUNTPOINT)})$`);
/** BACKUP_VOLID with parseBackupVolid's rules on the parts as look-aheads: none empty, `.`, `..` or space-padded. */
const LISTED_BACKUP_VOLID =
  /^([a-zA-Z][a-zA-Z0-9._-]{0,98}[a-zA-Z0-9]):backup\/(?!(?:[^/]*\/)*(?:\.{1,2})?(?:\/|$))(?!(?:[^/]*\/)*\s)(?!.*\s(?:\/|$))([^\u0000-\u001f\u007f\\%]{1,400})$/;
/** The variables vzdump's notes template expands; any other `{{…}}` makes PVE refuse the backup. */
export const NOTES_VARIABLES = ['cluster', 'guestname', 'node', 'vmid'];
/** Backup notes: one line naming only the variables vzdump's notes template knows between {{ }} (see notesProblem). */
const NOTES = new RegExp(`^(?!.*\\{\\{(?!(?:${NOTES_VARIABLES.join('|')})\\}\\})[^{}]*\\}\\})${inner(ONE_LINE)}$`);
/** An IPv4 CIDR PVE accepts for a container (/8 to /32), or `dhcp`/`manual`. */
export const CONTAINER_IP = new RegExp(`^(?:dhcp|manual|${inner(IPV4)}/(?:[89]|[12][0-9]|3[0-2]))$`);

/** Zod fields shared by the tools; descriptions stay a few words (they are paid for on every turn). */
export const field = {
  node: () => pattern(NODE, 'must be a Proxmox node name (letters, digits, inner hyphens)', 63).describe('Node'),
  vmid: (what = 'VMID') => int(100, 999_999_999, 'must be a VMID from 100 to 999999999').describe(what),
  type: () => z.enum(['qemu', 'lxc']).describe('Guest type'),
  storage: (what = 'Storage') => pattern(STORAGE, 'must be a Proxmox storage id (e.g. local-lvm)', 100).describe(what),
  snapname: () => pattern(SNAPNAME, 'must start with a letter, then 1-39 letters, digits, _ or -', 40).describe('Snapshot name'),
  qemuDisk: () =>
    pattern(QEMU_DISK, 'must be ide0-3, sata0-5, scsi0-30, virtio0-15, efidisk0 or tpmstate0', 10).describe('Disk, e.g. scsi1'),
  diskKey: () =>
    pattern(DISK_KEY, 'must be a disk key such as scsi0, virtio1, rootfs, mp0 or unused0', 10).describe('Disk, e.g. scsi0, rootfs'),
  mountpoint: () => pattern(LXC_MOUNTPOINT, 'must be mp0-mp255', 5).describe('e.g. mp0'),
  net: () => pattern(NET, 'must be net0-net31', 5).describe('e.g. net0'),
  bridge: () => pattern(BRIDGE, 'must be a bridge name such as vmbr0 or vmbr0.100', 15).describe('Bridge, e.g. vmbr0'),
  sizeGb: () => int(1, 65_536, 'must be 1 to 65536 GiB').describe('Size in GiB'),
  backupVolid: (what: string) =>
    pattern(
      LISTED_BACKUP_VOLID,
      'must be a backup volume id like local:backup/vzdump-qemu-100-….vma.zst or pbs:backup/vm/100/2026-01-02T00:00:00Z, without empty, ., .. or space-padded parts',
      509,
    ).describe(what),
  volid: (what: string, content: 'vztmpl' | 'iso') =>
    pattern(volidOf(content), `must be a volume id like local:${content}/file, without ..`, 360).describe(what),
  upid: () => pattern(UPID, 'must be a Proxmox task id (UPID:node:…:)', 256).describe('Task UPID'),
  hostname: (what: string) => pattern(HOSTNAME, 'must be a DNS name', 253).describe(what),
  memory: () => int(16, 4_194_304, 'must be 16 to 4194304 MiB').describe('Memory in MiB'),
  cores: () => int(1, 512, 'must be 1 to 512').describe('CPU cores'),
  text: (what: string) => pattern(ONE_LINE, 'must be one line', 1024).describe(what),
  notes: (what: string) =>
    pattern(NOTES, 'must be one line using only {{cluster}}, {{guestname}}, {{node}} and {{vmid}} between {{ }}', 1024).describe(what),
  oneOf: (values: readonly [string, ...string[]], what: string) => z.enum(values).describe(what),
  wait: () => z.boolean().optional().describe('Wait ≤50 s for it'),
};

/** Backup notes as vzdump's `notes-template`: one line, and only the variables PVE knows between `{{ }}`. */
export function notesProblem(notes: string): string | undefined {
  const unknown = [...notes.matchAll(/\{\{([^{}]*)\}\}/g)].map((m) => m[1] as string).filter((name) => !NOTES_VARIABLES.includes(name));
  if (unknown.length > 0) return `may use only {{cluster}}, {{guestname}}, {{node}} and {{vmid}} between {{ }} (got {{${unknown[0]}}})`;
  return undefined;
}

/** The notes as vzdump's template syntax needs them: a backslash is written `\\`, so the note arrives as typed. */
export const escapeNotes = (notes: string): string => notes.replaceAll('\\', '\\\\');

/** Shared `{ node, vmid, type }` of every per-guest tool. */
export const guestRef = () => ({ node: field.node(), vmid: field.vmid(), type: field.type() });
