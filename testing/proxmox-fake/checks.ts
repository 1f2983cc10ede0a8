/**
 * PVE's own parameter checks (pve-common JSONSchema.pm and the qemu-server / pve-container formats), as
 * lenient as PVE is: the fake must accept what a real cluster accepts, so the server's stricter allow-lists
 * are what the tests exercise.
 */

export class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly errors?: Record<string, string>,
  ) {
    super(reason);
  }
}

export const FORMATS = {
  node: /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/,
  vmid: /^[1-9][0-9]{2,8}$/,
  storage: /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i,
  configid: /^[a-z][a-z0-9_-]+$/i,
  bridge: /^[-_.\w\d]+$/,
  mac: /^[a-f0-9][02468ace](?::[a-f0-9]{2}){5}$/i,
  upid: /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s]+):([^:\s]*):([^:\s]+):$/,
  dnsName: /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/,
  size: /^\+?\d+(\.\d+)?[KMGT]?$/,
};

export const NIC_MODELS = [
  'e1000', 'e1000-82540em', 'e1000-82544gc', 'e1000-82545em', 'e1000e', 'i82551', 'i82557b', 'i82559er',
  'ne2k_isa', 'ne2k_pci', 'pcnet', 'rtl8139', 'virtio', 'vmxnet3',
];

export interface Spec {
  kind: 'string' | 'int' | 'bool' | 'enum';
  re?: RegExp;
  values?: readonly string[];
  min?: number;
  max?: number;
  optional?: boolean;
  /** Extra check of the value (a property string, a volume id); returns an error message. */
  check?: (value: string) => string | undefined;
}

export type Params = Record<string, string | string[]>;

export const str = (re?: RegExp, optional = true, check?: Spec['check']): Spec => ({
  kind: 'string',
  ...(re ? { re } : {}),
  optional,
  ...(check ? { check } : {}),
});
export const int = (min: number, max: number, optional = true): Spec => ({ kind: 'int', min, max, optional });
export const bool = (): Spec => ({ kind: 'bool', optional: true });
export const oneOf = (values: readonly string[], optional = true): Spec => ({ kind: 'enum', values, optional });
export const required = (spec: Spec): Spec => ({ ...spec, optional: false });

function checkValue(spec: Spec, value: string): string | undefined {
  switch (spec.kind) {
    case 'int': {
      if (!/^-?\d+$/.test(value)) return 'type check (\'integer\') failed';
      const n = Number(value);
      if (spec.min !== undefined && n < spec.min) return `value must have a minimum value of ${spec.min}`;
      if (spec.max !== undefined && n > spec.max) return `value must have a maximum value of ${spec.max}`;
      return undefined;
    }
    case 'bool':
      return /^(0|1|true|false|yes|no|on|off)$/i.test(value) ? undefined : "type check ('boolean') failed";
    case 'enum':
      return spec.values?.includes(value) ? undefined : `value '${value}' does not have a value in the enumeration '${spec.values?.join(', ')}'`;
    default:
      if (spec.re && !spec.re.test(value)) return 'value does not match the regex pattern';
      return spec.check?.(value);
  }
}

/**
 * Verifies parameters the way PVE's RESTHandler does: unknown keys are refused (`additionalProperties 0`),
 * required ones must be present, each value must pass its format. `patterns` admit families of keys
 * (`scsi0`…`scsi30`, `net0`…) as a guest config has.
 */
export function verifyParams(params: Params, specs: Record<string, Spec>, patterns: Array<[RegExp, Spec]> = []): void {
  const errors: Record<string, string> = {};
  for (const [key, raw] of Object.entries(params)) {
    const spec = specs[key] ?? patterns.find(([re]) => re.test(key))?.[1];
    if (!spec) {
      errors[key] = 'property is not defined in schema and the schema does not allow additional properties';
      continue;
    }
    if (Array.isArray(raw)) {
      errors[key] = 'type check failed: got an array';
      continue;
    }
    const problem = checkValue(spec, raw);
    if (problem) errors[key] = problem;
  }
  for (const [key, spec] of Object.entries(specs)) {
    if (!spec.optional && params[key] === undefined) errors[key] = 'property is missing and it is not optional';
  }
  if (Object.keys(errors).length > 0) throw new FakeError(400, 'Parameter verification failed.', errors);
}

/** Parses a PVE property string (`virtio=MAC,bridge=vmbr0`); the first bare value belongs to `defaultKey`. */
export function parsePropertyString(value: string, defaultKey: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [index, part] of value.split(',').entries()) {
    const eq = part.indexOf('=');
    if (eq === -1) {
      if (index !== 0 || part === '') return undefined;
      out[defaultKey] = part;
    } else {
      const key = part.slice(0, eq);
      if (!/^[a-z][a-z0-9_-]*$/.test(key) || key in out) return undefined;
      out[key] = part.slice(eq + 1);
    }
  }
  return out;
}

/** Checks a property string: allowed keys only, each value against its rule. Returns an error message. */
export function checkProperties(
  value: string,
  defaultKey: string,
  rules: Record<string, RegExp | ((v: string) => boolean)>,
  requiredKeys: string[] = [],
): string | undefined {
  const props = parsePropertyString(value, defaultKey);
  if (!props) return 'unable to parse value';
  for (const [key, v] of Object.entries(props)) {
    const rule = rules[key];
    if (!rule) return `invalid format - format error ${key}: property is not defined in schema`;
    const ok = typeof rule === 'function' ? rule(v) : rule.test(v);
    if (!ok) return `invalid format - format error ${key}: value does not match`;
  }
  for (const key of requiredKeys) if (props[key] === undefined) return `invalid format - format error ${key}: property is missing`;
  return undefined;
}

const volumeOrNew = (v: string) => /^[a-z][a-z0-9\-_.]*[a-z0-9]:(\d+|[a-zA-Z0-9._/-]+)$/i.test(v);
const vlan = (v: string) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 4094;
const flag = /^[01]$/;

export const QEMU_DISK_RULES = {
  file: volumeOrNew,
  size: FORMATS.size,
  media: /^(disk|cdrom)$/,
  discard: /^(on|ignore)$/,
  ssd: flag,
  iothread: flag,
  backup: flag,
  cache: /^(none|writethrough|writeback|unsafe|directsync)$/,
  format: /^(raw|qcow2|vmdk)$/,
};

export const QEMU_NET_RULES = {
  model: (v: string) => {
    const [model, mac, extra] = v.split('=');
    return extra === undefined && NIC_MODELS.includes(model ?? '') && (mac === undefined || FORMATS.mac.test(mac));
  },
  // `virtio=BC:24:…`: the model is the key and the MAC its value.
  ...Object.fromEntries(NIC_MODELS.map((model) => [model, FORMATS.mac])),
  macaddr: FORMATS.mac,
  bridge: FORMATS.bridge,
  tag: vlan,
  firewall: flag,
  link_down: flag,
  mtu: /^\d{1,5}$/,
  queues: /^\d{1,2}$/,
};

export const LXC_NET_RULES = {
  name: /^[-_.\w\d]{1,15}$/,
  bridge: FORMATS.bridge,
  hwaddr: FORMATS.mac,
  ip: /^(dhcp|manual|(\d{1,3}\.){3}\d{1,3}\/\d{1,2})$/,
  gw: /^(\d{1,3}\.){3}\d{1,3}$/,
  tag: vlan,
  firewall: flag,
  mtu: /^\d{1,5}$/,
  type: /^veth$/,
};

export const LXC_MP_RULES = {
  volume: volumeOrNew,
  mp: (v: string) => v.startsWith('/') && !v.split('/').includes('..'),
  size: FORMATS.size,
  backup: flag,
  ro: flag,
  acl: flag,
  quota: flag,
  replicate: flag,
};
