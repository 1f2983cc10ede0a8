// The named formats of PVE's JSONSchema (pve-common JSONSchema.pm, pve-storage, qemu-server, pve-container) that
// the parameters the proxmox server sends use, each as PVE verifies it. A value whose format is not listed here is
// a violation of its own: the fake never lets an unchecked value through.

const NODE = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const VMID = /^[1-9][0-9]{2,8}$/;
const STORAGE_ID = /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i;
const CONFIGID = /^[a-z][a-z0-9_-]+$/i;
const DNS_NAME = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const VOLUME_ID = /^[a-z][a-z0-9\-_.]*[a-z0-9]:.+$/i;
const CONTENT_TYPES = ['images', 'rootdir', 'vztmpl', 'iso', 'backup', 'snippets', 'import'];

/** PVE::Tools::split_list. */
export const splitList = (value: string): string[] => value.split(/[\s,;]+/).filter(Boolean);

const test = (re: RegExp, message: string) => (value: string) => (re.test(value) ? undefined : message);
const list = (one: (v: string) => string | undefined) => (value: string) => {
  for (const item of splitList(value)) {
    const problem = one(item);
    if (problem) return problem;
  }
  return undefined;
};

/** PVE's pve_verify_cidrv4: a prefix of 8 to 32. */
function cidrv4(value: string): boolean {
  const match = /^(.+)\/(\d+)$/.exec(value);
  return Boolean(match && IPV4.test(match[1] as string) && Number(match[2]) > 7 && Number(match[2]) <= 32);
}

/** pve-lxc-mp-string: no `/./`, `/../`, trailing `/.` or `/..`, leading `../`. */
function lxcMpString(value: string): string | undefined {
  return /\/\.\.?\//.test(value) || /\/\.\.?$/.test(value) || /^\.\.\//.test(value)
    ? `${value} contains illegal character sequences`
    : undefined;
}

/** pve-qm-boot: `order=dev[;dev…]` or the legacy `[acdn]{1,4}`. */
function qmBoot(value: string): string | undefined {
  if (/^[acdn]{1,4}$/.test(value)) return undefined;
  return /^order=[a-z]+[0-9]*(?:;[a-z]+[0-9]*)*$/.test(value) ? undefined : 'invalid format - format error order: invalid boot order';
}

/** Format name → check returning PVE's message, or undefined when the value passes. */
export const FORMATS: Record<string, (value: string) => string | undefined> = {
  'pve-node': test(NODE, 'value does not look like a valid node name'),
  'pve-vmid': test(VMID, 'value does not look like a valid VM ID'),
  'pve-vmid-list': list(test(VMID, 'value does not look like a valid VM ID')),
  'pve-storage-id': test(STORAGE_ID, 'storage ID contains illegal characters'),
  'pve-storage-content': (v) => (CONTENT_TYPES.includes(v) ? undefined : 'invalid content type'),
  'pve-configid': test(CONFIGID, 'invalid configuration ID'),
  'pve-configid-list': list(test(CONFIGID, 'invalid configuration ID')),
  'dns-name': test(DNS_NAME, 'value does not look like a valid DNS name'),
  'pve-bridge-id': test(/^[-_.\w\d]+$/, 'bridge ID contains illegal characters'),
  'mac-addr': test(/^[a-f0-9][02468ace](?::[a-f0-9]{2}){5}$/i, 'value does not look like a valid unicast MAC address'),
  ipv4: test(IPV4, 'value does not look like a valid IPv4 address'),
  'pve-ipv4-config': (v) =>
    v === 'dhcp' || v === 'manual' || cidrv4(v) ? undefined : 'value does not look like a valid IPv4 network configuration',
  'disk-size': test(/^\d+(?:\.\d+)?[KMGT]?$/, 'unable to parse size'),
  'pve-volume-id': test(VOLUME_ID, 'unable to parse volume ID'),
  'pve-volume-id-or-qm-path': (v) =>
    v === 'none' || v === 'cdrom' || v.startsWith('/') || VOLUME_ID.test(v) ? undefined : 'unable to parse volume ID',
  'pve-lxc-mp-string': lxcMpString,
  'pve-qm-boot': qmBoot,
  urlencoded: test(/^[-%a-zA-Z0-9_.!~*'()]*$/, 'invalid urlencoded string'),
};
