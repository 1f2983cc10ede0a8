import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ elevated: 'true' });
});
beforeEach(() => h.fake.reset());
afterAll(() => h.close());

const call = async (name: string, args: Record<string, unknown>) => {
  const r = await h.call(name, args);
  if (r.isError) throw new Error(`${name} failed: ${r.text}`);
  return r;
};
const guest = (vmid: number) => h.fake.state.guests.find((g) => g.vmid === vmid);
const lastRequest = () => h.fake.requests.filter((r) => !r.path.includes('/tasks/')).at(-1);

describe('elevated tools change the fake cluster as PVE would', () => {
  it('guest_power starts a VM and, with wait, reports the finished task', async () => {
    const r = await call('guest_power', { node: 'pve', vmid: 101, type: 'qemu', action: 'start', wait: true });
    expect(r.data).toMatchObject({
      node: 'pve',
      status: 'stopped',
      exitstatus: 'OK',
      upid: expect.stringMatching(/^UPID:pve:.*:qmstart:101:mcp@pve!mcp:$/),
    });
    expect(guest(101)?.status).toBe('running');
    expect(lastRequest()).toMatchObject({ method: 'POST', path: '/nodes/pve/qemu/101/status/start' });
  });

  it('guest_power without wait returns the UPID at once; task_status follows it to the end', async () => {
    const started = await call('guest_power', { node: 'pve', vmid: 200, type: 'lxc', action: 'shutdown' });
    expect(started.data).toMatchObject({ status: 'running', node: 'pve' });
    expect(guest(200)?.status).toBe('running');
    const done = await call('task_status', { upid: started.data.upid, wait: true });
    expect(done.data).toMatchObject({ status: 'stopped', exitstatus: 'OK' });
    expect(done.text).toBe(`vzshutdown on pve finished: OK (${started.data.upid})`);
    expect(started.text).toBe(`Started ${started.data.upid}; task_status follows it.`);
    expect(guest(200)?.status).toBe('stopped');
  });

  it('guest_power refuses reset for a container before any request', async () => {
    const r = await h.call('guest_power', { node: 'pve', vmid: 200, type: 'lxc', action: 'reset' });
    expect(r.isError).toBe(true);
    expect(h.fake.requests).toEqual([]);
  });

  it('vm_create builds the disk, ISO and NIC property strings itself', async () => {
    await call('vm_create', {
      node: 'pve',
      vmid: 150,
      name: 'build-1',
      memory: 2048,
      cores: 2,
      storage: 'local-lvm',
      size: 20,
      iso: 'local:iso/debian-12.iso',
      ostype: 'l26',
      bridge: 'vmbr0',
      wait: true,
    });
    expect(lastRequest()?.body).toEqual({
      vmid: '150',
      name: 'build-1',
      memory: '2048',
      cores: '2',
      ostype: 'l26',
      scsihw: 'virtio-scsi-single',
      scsi0: 'local-lvm:20',
      ide2: 'local:iso/debian-12.iso,media=cdrom',
      boot: 'order=scsi0;ide2',
      net0: 'virtio,bridge=vmbr0',
    });
    expect(guest(150)).toMatchObject({
      type: 'qemu',
      status: 'stopped',
      config: { name: 'build-1', scsi0: 'local-lvm:vm-150-disk-0,size=20G' },
    });
  });

  it('container_create creates an unprivileged container with SSH keys and a DHCP NIC', async () => {
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0ZXN0a2V5 dev@laptop';
    await call('container_create', {
      node: 'pve',
      vmid: 201,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      hostname: 'ci-runner',
      storage: 'local-lvm',
      size: 8,
      bridge: 'vmbr0',
      ssh_public_keys: [key],
      start: true,
      wait: true,
    });
    expect(lastRequest()?.body).toMatchObject({
      unprivileged: '1',
      rootfs: 'local-lvm:8',
      net0: 'name=eth0,bridge=vmbr0,ip=dhcp',
      'ssh-public-keys': key,
      start: '1',
    });
    expect(guest(201)).toMatchObject({ type: 'lxc', status: 'running', config: { hostname: 'ci-runner' } });
  });

  it('guest_delete destroys a stopped guest', async () => {
    await call('guest_delete', { node: 'pve', vmid: 101, type: 'qemu', purge: true, wait: true });
    expect(guest(101)).toBeUndefined();
    expect(lastRequest()).toMatchObject({ method: 'DELETE', path: '/nodes/pve/qemu/101', query: { purge: '1' } });
  });

  it('vm_clone copies a VM to a new VMID', async () => {
    await call('vm_clone', { node: 'pve', vmid: 100, newid: 300, name: 'web-copy', full: true, storage: 'local-lvm', wait: true });
    expect(guest(300)).toMatchObject({ type: 'qemu', config: { name: 'web-copy' } });
  });

  it('snapshot_create, snapshot_rollback and snapshot_delete manage snapshots', async () => {
    await call('snapshot_create', {
      node: 'pve',
      vmid: 200,
      type: 'lxc',
      snapname: 'pre_upgrade-2',
      description: 'before apt upgrade',
      wait: true,
    });
    expect(guest(200)?.snapshots.map((s) => s.name)).toEqual(['pre_upgrade-2']);
    await call('snapshot_rollback', { node: 'pve', vmid: 200, type: 'lxc', snapname: 'pre_upgrade-2', wait: true });
    expect(lastRequest()).toMatchObject({ method: 'POST', path: '/nodes/pve/lxc/200/snapshot/pre_upgrade-2/rollback' });
    await call('snapshot_delete', { node: 'pve', vmid: 200, type: 'lxc', snapname: 'pre_upgrade-2', wait: true });
    expect(guest(200)?.snapshots).toEqual([]);
  });

  it('backup_create runs vzdump with only the allowed options', async () => {
    await call('backup_create', {
      node: 'pve',
      vmid: 101,
      storage: 'local',
      mode: 'stop',
      compress: 'zstd',
      notes: 'before migration',
      wait: true,
    });
    expect(lastRequest()).toMatchObject({
      method: 'POST',
      path: '/nodes/pve/vzdump',
      body: { vmid: '101', storage: 'local', mode: 'stop', compress: 'zstd', 'notes-template': 'before migration' },
    });
    expect(h.fake.state.volumes.filter((v) => v.vmid === 101 && v.content === 'backup')).toHaveLength(1);
  });

  it('backup_delete removes one archive, sending the volid as one encoded segment', async () => {
    const volid = 'local:backup/vzdump-qemu-100-2026_01_01-00_00_00.vma.zst';
    await call('backup_delete', { node: 'pve', storage: 'local', volid, wait: true });
    expect(h.fake.state.volumes.some((v) => v.volid === volid)).toBe(false);
    expect(lastRequest()).toMatchObject({ method: 'DELETE', path: `/nodes/pve/storage/local/content/${volid}` });
  });

  it('backup_restore restores a container archive with restore=1', async () => {
    await call('backup_restore', {
      node: 'pve',
      vmid: 250,
      type: 'lxc',
      archive: 'local:backup/vzdump-lxc-200-2026_01_01-00_00_00.tar.zst',
      storage: 'local-lvm',
      wait: true,
    });
    expect(lastRequest()?.body).toMatchObject({
      vmid: '250',
      ostemplate: 'local:backup/vzdump-lxc-200-2026_01_01-00_00_00.tar.zst',
      restore: '1',
      storage: 'local-lvm',
    });
    expect(guest(250)).toMatchObject({ type: 'lxc', config: { hostname: 'cache' } });
  });

  it('backup_restore restores a VM archive over an existing guest only with force', async () => {
    const archive = 'local:backup/vzdump-qemu-100-2026_01_01-00_00_00.vma.zst';
    const refused = await h.call('backup_restore', { node: 'pve', vmid: 101, type: 'qemu', archive });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/current state/);
    await call('backup_restore', { node: 'pve', vmid: 101, type: 'qemu', archive, force: true, wait: true });
    expect(guest(101)?.config.name).toBe('web');
  });

  it('disk_add attaches a new disk and refuses to overwrite an existing key', async () => {
    const r = await call('disk_add', { node: 'pve', vmid: 101, disk: 'scsi1', storage: 'local-lvm', size: 16 });
    expect(r.data).toEqual({ vmid: 101, node: 'pve', disk: 'scsi1', volume: 'local-lvm:16' });
    expect(r.text).toBe('Added scsi1 (16 GiB on local-lvm) to 101 on pve.');
    expect(guest(101)?.config.scsi1).toBe('local-lvm:vm-101-disk-1,size=16G');
    const before = h.fake.requests.length;
    const again = await h.call('disk_add', { node: 'pve', vmid: 101, disk: 'scsi0', storage: 'local-lvm', size: 16 });
    expect(again.isError).toBe(true);
    expect(again.text).toMatch(/scsi0 already exists/);
    expect(h.fake.requests.slice(before).map((q) => q.method)).toEqual(['GET']);
  });

  it('disk_resize grows a VM disk', async () => {
    await call('disk_resize', { node: 'pve', vmid: 100, type: 'qemu', disk: 'scsi0', size: '+8G', wait: true });
    expect(guest(100)?.config.scsi0).toBe('local-lvm:vm-100-disk-0,size=40G');
  });

  it('disk_remove detaches a disk to unused0, then destroys it', async () => {
    expect((await call('disk_remove', { node: 'pve', vmid: 101, disk: 'scsi0' })).text).toBe('Removed scsi0 from 101 on pve.');
    expect(guest(101)?.config).toMatchObject({ unused0: 'local-lvm:vm-101-disk-0' });
    await call('disk_remove', { node: 'pve', vmid: 101, disk: 'unused0' });
    expect(guest(101)?.config.unused0).toBeUndefined();
  });

  it('disk_move moves a container volume to another storage', async () => {
    h.fake.state.storages.push({ storage: 'fast', type: 'zfspool', content: ['images', 'rootdir'], shared: false, total: 1, used: 0 });
    await call('disk_move', { node: 'pve', vmid: 200, type: 'lxc', disk: 'rootfs', storage: 'fast', delete: true, wait: true });
    expect(lastRequest()).toMatchObject({
      path: '/nodes/pve/lxc/200/move_volume',
      body: { volume: 'rootfs', storage: 'fast', delete: '1' },
    });
    expect(String(guest(200)?.config.rootfs)).toMatch(/^fast:/);
  });

  it('mountpoint_add and mountpoint_remove manage a container mount point', async () => {
    const added = await call('mountpoint_add', { node: 'pve', vmid: 200, mp: 'mp0', storage: 'local-lvm', size: 4, path: '/srv/data' });
    expect(added.text).toBe('Added mp0 (4 GiB on local-lvm at /srv/data) to 200 on pve.');
    expect(String(guest(200)?.config.mp0)).toMatch(/^local-lvm:subvol-200-disk-\d,size=4G,mp=\/srv\/data$/);
    await call('mountpoint_remove', { node: 'pve', vmid: 200, mp: 'mp0' });
    expect(guest(200)?.config.mp0).toBeUndefined();
  });

  it('network_set builds new qemu and lxc NIC strings; network_remove deletes them', async () => {
    const set = await call('network_set', {
      node: 'pve',
      vmid: 101,
      type: 'qemu',
      net: 'net1',
      bridge: 'vmbr0.100',
      model: 'e1000',
      macaddr: 'BC:24:11:00:00:01',
      tag: 100,
      firewall: true,
    });
    expect(set.text).toBe('Set net1 of 101 on pve: e1000=BC:24:11:00:00:01,bridge=vmbr0.100,tag=100,firewall=1');
    expect(guest(101)?.config.net1).toBe('e1000=BC:24:11:00:00:01,bridge=vmbr0.100,tag=100,firewall=1');
    await call('network_set', { node: 'pve', vmid: 200, type: 'lxc', net: 'net1', bridge: 'vmbr1', ip: '10.0.0.5/24', gw: '10.0.0.1' });
    // PVE generates the MAC of a NIC written without one.
    expect(guest(200)?.config.net1).toMatch(/^name=eth1,bridge=vmbr1,ip=10\.0\.0\.5\/24,gw=10\.0\.0\.1,hwaddr=BC:24:11:[0-9A-F:]{8}$/);
    await call('network_remove', { node: 'pve', vmid: 101, type: 'qemu', net: 'net1' });
    expect(guest(101)?.config.net1).toBeUndefined();
  });

  it('network_set changes only the named options of an existing NIC: MAC, firewall and the rest are kept', async () => {
    const vm = guest(100);
    if (vm) vm.config.net0 = 'virtio=BC:24:11:00:01:00,bridge=vmbr0,firewall=1,tag=5,mtu=1400';
    await call('network_set', { node: 'pve', vmid: 100, type: 'qemu', net: 'net0', bridge: 'vmbr1' });
    expect(guest(100)?.config.net0).toBe('virtio=BC:24:11:00:01:00,bridge=vmbr1,firewall=1,tag=5,mtu=1400');
    await call('network_set', { node: 'pve', vmid: 100, type: 'qemu', net: 'net0', model: 'e1000', firewall: false });
    expect(guest(100)?.config.net0).toBe('e1000=BC:24:11:00:01:00,bridge=vmbr1,firewall=0,tag=5,mtu=1400');
    await call('network_set', { node: 'pve', vmid: 200, type: 'lxc', net: 'net0', ip: '10.0.0.9/24' });
    expect(guest(200)?.config.net0).toBe('name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:02:00,ip=10.0.0.9/24');
    const put = h.fake.requests.filter((r) => r.method === 'PUT').at(-1);
    expect(put?.body.digest).toMatch(/^[0-9a-f]{40}$/);
  });

  it('network_set needs a bridge for a new NIC and refuses before writing anything', async () => {
    const r = await h.call('network_set', { node: 'pve', vmid: 101, type: 'qemu', net: 'net3', firewall: true });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/bridge/);
    expect(h.fake.requests.filter((q) => q.method !== 'GET')).toEqual([]);
  });

  it('appends every elevated call to the audit log with validated arguments, UPID and outcome', async () => {
    const before = h.audit().length;
    const ok = await call('guest_power', { node: 'pve', vmid: 101, type: 'qemu', action: 'start', wait: true });
    await h.call('guest_delete', { node: 'pve', vmid: 100, type: 'qemu' }); // running: PVE refuses
    const records = h.audit().slice(before);
    expect(records).toEqual([
      expect.objectContaining({
        tool: 'guest_power',
        args: { node: 'pve', vmid: 101, type: 'qemu', action: 'start', wait: true },
        outcome: 'ok',
        upid: ok.data.upid,
        time: expect.any(String),
      }),
      expect.objectContaining({ tool: 'guest_delete', outcome: 'error', error: expect.stringMatching(/current state/) }),
    ]);
  });
});
