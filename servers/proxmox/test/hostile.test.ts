import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

/**
 * Hostile inputs (research file, list (b), and more): each must come back as isError while the fake records
 * zero requests — refused by the schema or the handler before the request layer is even reached.
 */

const UPID = 'UPID:pve:00001001:00007007:6B08EE42:qmstart:101:mcp@pve!mcp:';
const guest = { node: 'pve', vmid: 100, type: 'qemu' };
const lxc = { node: 'pve', vmid: 200, type: 'lxc' };
const BACKUP = 'local:backup/vzdump-qemu-100-2026_01_01-00_00_00.vma.zst';

type Case = [label: string, tool: string, args: Record<string, unknown>];

const nodeValues = [
  '..',
  '%2e%2e',
  '.%2E',
  'pve/../../access/users',
  'pve%2Fqemu%2F100%2Fstatus%2Fstop',
  'pve?x=1',
  'pve#',
  'pve\\..\\..\\access',
  'pve\r\nX-Evil: 1',
  'pve\t',
  'pve ',
  '',
  '-pve',
  'pve_1',
  'ｐｖｅ',
  'a'.repeat(64),
  'pve.lan',
];
const vmidValues: unknown[] = ['100abc', '0100', '1e3', '100', 99, 1_000_000_000, -100, 100.5, '100/../101', null, true, [100], { $gt: 1 }];
const typeValues = ['qemu/100/../../cluster/resources', 'QEMU', 'openvz', '', 'lxc?x'];
const storageValues = ['..', 'local/../x', 'l', '-local', 'local ', 'local?content=iso', 'local#', 'local%2F..'];
const snapValues = ['1snap', 'a', 'x'.repeat(41), 'snap name', 's#x', '../x', 'snap/1'];
const diskValues = ['scsi31', 'virtio16', 'ide4', 'sata6', 'scsi01', 'efidisk1', 'unused256', 'scsi0,discard=on', '../scsi0'];
const netValues = ['net32', 'net01', 'net-1', 'net0,bridge=x', 'eth0'];
const bridgeValues = ['vmbr0,firewall=0', '..', 'a'.repeat(16), 'vmbr0 ', 'vmbr0/x'];
const upidValues = [
  UPID.slice(0, -1),
  'UPID:pve:1001:00007007:6B08EE42:qmstart:101:mcp@pve!mcp:',
  'UPID:pve:00001001:00007007:6B08EE42:qmstart:1/01:mcp@pve!mcp:',
  'UPID:pve:00001001:00007007:6B08EE42:qmstart:1\n01:mcp@pve!mcp:',
  'UPID:..:00001001:00007007:6B08EE42:qmstart:101:mcp@pve!mcp:',
  '../../access/users',
];
const volidValues = [
  'local:backup/../../etc/passwd',
  'local:backup/x%2F..%2Fy',
  '/var/lib/vz/dump/x.vma',
  'local:iso/debian-12.iso',
  'other:backup/vzdump-qemu-100.vma.zst',
  'local:backup/..',
  'local:backup/a\nb',
];

const cases: Case[] = [
  ...nodeValues.map((node): Case => [`node ${JSON.stringify(node)}`, 'guest_status', { ...guest, node }]),
  ...vmidValues.map((vmid): Case => [`vmid ${JSON.stringify(vmid)}`, 'guest_status', { ...guest, vmid }]),
  ...typeValues.map((type): Case => [`type ${JSON.stringify(type)}`, 'guest_status', { ...guest, type }]),
  ...storageValues.map((storage): Case => [`storage ${JSON.stringify(storage)}`, 'backup_list', { node: 'pve', storage }]),
  ...snapValues.map((snapname): Case => [`snapname ${JSON.stringify(snapname)}`, 'snapshot_delete', { ...guest, snapname }]),
  ...diskValues.map(
    (disk): Case => [`disk ${JSON.stringify(disk)}`, 'disk_add', { node: 'pve', vmid: 101, disk, storage: 'local-lvm', size: 8 }],
  ),
  ['disk rootfs for a VM', 'disk_resize', { ...guest, disk: 'rootfs', size: '+1G' }],
  ['disk scsi0 for a container', 'disk_resize', { ...lxc, disk: 'scsi0', size: '+1G' }],
  ['disk unused0 to add', 'disk_add', { node: 'pve', vmid: 101, disk: 'unused0', storage: 'local-lvm', size: 8 }],
  ...netValues.map((net): Case => [`net ${JSON.stringify(net)}`, 'network_remove', { ...guest, net }]),
  ...bridgeValues.map((bridge): Case => [`bridge ${JSON.stringify(bridge)}`, 'network_set', { ...guest, net: 'net1', bridge }]),
  ...upidValues.map((upid): Case => [`upid ${JSON.stringify(upid)}`, 'task_status', { upid }]),
  ['upid on another node than node', 'task_status', { upid: UPID, node: 'pve2' }],
  ...volidValues.map((volid): Case => [`volid ${JSON.stringify(volid)}`, 'backup_delete', { node: 'pve', storage: 'local', volid }]),
  ['archive that is an ISO', 'backup_restore', { ...guest, vmid: 150, archive: 'local:iso/debian-12.iso' }],
  [
    'ostemplate that is a backup',
    'container_create',
    { node: 'pve', vmid: 150, ostemplate: BACKUP, hostname: 'x', storage: 'local-lvm', size: 8 },
  ],
  [
    'iso that is a template',
    'vm_create',
    { node: 'pve', vmid: 150, storage: 'local-lvm', size: 8, iso: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' },
  ],
  // property-string injection
  ['size with an extra property', 'disk_resize', { ...guest, disk: 'scsi0', size: '10,import-from=/etc/pve/priv/authkey.key' }],
  ['size as a string for a new disk', 'disk_add', { node: 'pve', vmid: 101, disk: 'scsi1', storage: 'local-lvm', size: '10,foo=bar' }],
  ['macaddr with an extra property', 'network_set', { ...guest, net: 'net1', bridge: 'vmbr0', macaddr: 'BC:24:11:00:00:01,bridge=vmbr9' }],
  ['multicast macaddr', 'network_set', { ...guest, net: 'net1', bridge: 'vmbr0', macaddr: '01:00:5E:00:00:01' }],
  ['model with an extra property', 'network_set', { ...guest, net: 'net1', bridge: 'vmbr0', model: 'virtio,link_down=1' }],
  ['model for a container', 'network_set', { ...lxc, net: 'net1', bridge: 'vmbr0', model: 'virtio' }],
  ['ip for a VM', 'network_set', { ...guest, net: 'net1', bridge: 'vmbr0', ip: 'dhcp' }],
  ['ip with an extra property', 'network_set', { ...lxc, net: 'net1', bridge: 'vmbr0', ip: 'dhcp,gw=1.1.1.1' }],
  ['VLAN tag 4095', 'network_set', { ...guest, net: 'net1', bridge: 'vmbr0', tag: 4095 }],
  ['VLAN tag 0', 'network_set', { ...guest, net: 'net1', bridge: 'vmbr0', tag: 0 }],
  [
    'hostname with a comma',
    'container_create',
    {
      node: 'pve',
      vmid: 150,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      hostname: 'x,rootfs=local:1',
      storage: 'local-lvm',
      size: 8,
    },
  ],
  ['mount path with ..', 'mountpoint_add', { node: 'pve', vmid: 200, mp: 'mp0', storage: 'local-lvm', size: 1, path: '/data/../etc' }],
  [
    'mount path with a property',
    'mountpoint_add',
    { node: 'pve', vmid: 200, mp: 'mp0', storage: 'local-lvm', size: 1, path: '/data,ro=0' },
  ],
  ['relative mount path', 'mountpoint_add', { node: 'pve', vmid: 200, mp: 'mp0', storage: 'local-lvm', size: 1, path: 'data' }],
  ['mount point rootfs', 'mountpoint_remove', { node: 'pve', vmid: 200, mp: 'rootfs' }],
  [
    'ssh key with a newline',
    'container_create',
    {
      node: 'pve',
      vmid: 150,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      hostname: 'x',
      storage: 'local-lvm',
      size: 8,
      ssh_public_keys: ['ssh-ed25519 AAAA x\nssh-rsa BBBB y'],
    },
  ],
  ['snapshot description with a newline', 'snapshot_create', { ...guest, snapname: 'ok_name', description: 'a\nb' }],
  ['vmstate for a container', 'snapshot_create', { ...lxc, snapname: 'ok_name', vmstate: true }],
  ['snapname current on create', 'snapshot_create', { ...guest, snapname: 'current' }],
  ['snapname Pending on a qemu create', 'snapshot_create', { ...guest, snapname: 'Pending' }],
  ['snapname vzdump on a container create', 'snapshot_create', { ...lxc, snapname: 'vzdump' }],
  ['reset for a container', 'guest_power', { ...lxc, action: 'reset' }],
  ['unknown power action', 'guest_power', { ...guest, action: 'destroy' }],
  ['memory 0', 'vm_create', { node: 'pve', vmid: 150, storage: 'local-lvm', size: 8, memory: 0 }],
  ['disk size 0', 'vm_create', { node: 'pve', vmid: 150, storage: 'local-lvm', size: 0 }],
  ['unknown ostype', 'vm_create', { node: 'pve', vmid: 150, storage: 'local-lvm', size: 8, ostype: 'l26,args=-x' }],
  ['cursor that is not an offset', 'guest_list', { cursor: '-1' }],
  ['limit 0', 'guest_list', { limit: 0 }],
  // hostile keys, refused by the strict schemas
  ['prototype key', 'guest_status', { ...guest, prototype: { isAdmin: true } }],
  ['constructor key', 'guest_status', { ...guest, constructor: {} }],
  ['vzdump script', 'backup_create', { node: 'pve', vmid: 100, storage: 'local', script: '/tmp/x.sh' }],
  ['vzdump dumpdir', 'backup_create', { node: 'pve', vmid: 100, storage: 'local', dumpdir: '/tmp' }],
  ['vzdump tmpdir', 'backup_create', { node: 'pve', vmid: 100, storage: 'local', tmpdir: '/tmp' }],
  ['vzdump exclude-path', 'backup_create', { node: 'pve', vmid: 100, storage: 'local', 'exclude-path': '/' }],
  ['vzdump stdout', 'backup_create', { node: 'pve', vmid: 100, storage: 'local', stdout: true }],
  ['compress none', 'backup_create', { node: 'pve', vmid: 100, storage: 'local', compress: 'none' }],
  ['mode with a shell suffix', 'backup_create', { node: 'pve', vmid: 100, storage: 'local', mode: 'snapshot;rm' }],
  ['raw net0 property string', 'vm_create', { node: 'pve', vmid: 150, storage: 'local-lvm', size: 8, net0: 'virtio,bridge=vmbr0' }],
  [
    'raw scsi0 property string',
    'vm_create',
    { node: 'pve', vmid: 150, storage: 'local-lvm', size: 8, scsi0: 'local:0,import-from=/etc/shadow' },
  ],
  [
    'password for a container',
    'container_create',
    {
      node: 'pve',
      vmid: 150,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      hostname: 'x',
      storage: 'local-lvm',
      size: 8,
      password: 'hunter2',
    },
  ],
  ['guest command', 'guest_power', { ...guest, action: 'start', command: 'rm -rf /' }],
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ elevated: 'true' });
});
beforeEach(() => h.fake.reset());
afterAll(() => h.close());

describe('hostile inputs', () => {
  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases)('refuses %s without sending a request', async (_label, tool, args) => {
    const result = await h.call(tool, args);
    expect(result.isError).toBe(true);
    expect(h.fake.requests).toEqual([]);
  });

  it('refuses a __proto__ key before anything is sent, and pollutes no prototype', async () => {
    const args = JSON.parse('{"node":"pve","vmid":100,"storage":"local","__proto__":{"script":"/tmp/x.sh","isAdmin":true}}') as Record<
      string,
      unknown
    >;
    const result = await h.client.request(
      { method: 'tools/call', params: { name: 'backup_create', arguments: args } },
      CallToolResultSchema,
    );
    expect(result.isError).toBe(true);
    expect(h.fake.requests).toEqual([]);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('sends a UPID holding ?, # or % (PVE allows them) percent-encoded, as one path segment', async () => {
    for (const upid of [
      'UPID:pve:00001001:00007007:6B08EE42:qm?start:101:mcp@pve!mcp:',
      'UPID:pve:00001001:00007007:6B08EE42:qmstart:10#1:mcp@pve!mcp:',
      'UPID:pve:00001001:00007007:6B08EE42:qmstart:1%2F01:mcp@pve!mcp:',
    ]) {
      h.fake.reset();
      const r = await h.call('task_status', { upid });
      expect(r.isError).toBe(true);
      expect(h.fake.requests.map((q) => `${q.method} ${q.path}`)).toEqual([`GET /nodes/pve/tasks/${upid}/status`]);
    }
  });

  it('positive controls at the edge of each pattern send exactly the expected requests', async () => {
    const controls: Array<[string, Record<string, unknown>, string | string[]]> = [
      ['guest_status', { node: 'pve-01', vmid: 999_999_999, type: 'qemu' }, 'GET /nodes/pve-01/qemu/999999999/status/current'],
      ['backup_list', { node: 'pve', storage: 'local-lvm' }, 'GET /nodes/pve/storage/local-lvm/content'],
      [
        'snapshot_delete',
        { node: 'pve', vmid: 100, type: 'qemu', snapname: 'pre_upgrade-2' },
        'DELETE /nodes/pve/qemu/100/snapshot/pre_upgrade-2',
      ],
      // Removals read the config first (the key must exist; its digest guards the write).
      [
        'network_remove',
        { node: 'pve', vmid: 100, type: 'qemu', net: 'net31' },
        ['GET /nodes/pve/qemu/100/config', 'PUT /nodes/pve/qemu/100/config'],
      ],
      ['mountpoint_remove', { node: 'pve', vmid: 200, mp: 'mp255' }, ['GET /nodes/pve/lxc/200/config', 'PUT /nodes/pve/lxc/200/config']],
      ['disk_resize', { node: 'pve', vmid: 100, type: 'qemu', disk: 'scsi30', size: '+1G' }, 'PUT /nodes/pve/qemu/100/resize'],
      // network_set reads the NIC it edits (and the config's digest) before writing it.
      [
        'network_set',
        { node: 'pve', vmid: 100, type: 'qemu', net: 'net0', bridge: 'vmbr0.100' },
        ['GET /nodes/pve/qemu/100/config', 'PUT /nodes/pve/qemu/100/config'],
      ],
    ];
    for (const [tool, args, expected] of controls) {
      h.fake.reset();
      h.fake.state.nodes.push({ node: 'pve-01', status: 'online', maxcpu: 1, maxmem: 1, mem: 0, cpu: 0, uptime: 1 });
      const [vm, ct] = [100, 200].map((vmid) => h.fake.state.guests.find((g) => g.vmid === vmid));
      if (vm) vm.config.net31 = 'virtio=BC:24:11:00:01:31,bridge=vmbr0';
      if (ct) ct.config.mp255 = 'local-lvm:subvol-200-disk-9,mp=/srv,size=1G';
      await h.call(tool, args);
      expect(
        h.fake.requests.map((r) => `${r.method} ${r.path}`),
        tool,
      ).toEqual(Array.isArray(expected) ? expected : [expected]);
    }
  });
});
