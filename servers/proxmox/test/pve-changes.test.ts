import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

// Changes as PVE reads them: units, defaults, reserved names, templates, digests.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ elevated: 'true' });
});
beforeEach(() => h.fake.reset());
afterAll(() => h.close());

const guest = (vmid: number) => h.fake.state.guests.find((g) => g.vmid === vmid);
const writes = () => h.fake.requests.filter((r) => r.method !== 'GET');

describe('disk sizes', () => {
  it('disk_resize refuses a size without a unit (PVE reads it as bytes) before any request', async () => {
    for (const size of ['+10', '64', '+0.5']) {
      const r = await h.call('disk_resize', { node: 'pve', vmid: 100, type: 'qemu', disk: 'scsi0', size });
      expect(r.isError, size).toBe(true);
      expect(r.text).toMatch(/unit/);
    }
    expect(h.fake.requests).toEqual([]);
  });

  it('disk_resize with a unit grows the disk', async () => {
    const r = await h.call('disk_resize', { node: 'pve', vmid: 100, type: 'qemu', disk: 'scsi0', size: '+10G', wait: true });
    expect(r.isError, r.text).toBe(false);
    expect(guest(100)?.config.scsi0).toBe('local-lvm:vm-100-disk-0,size=42G');
  });
});

describe('restores', () => {
  it('backup_restore of a container needs a storage (PVE would fall back to local) and sends nothing without one', async () => {
    const r = await h.call('backup_restore', {
      node: 'pve',
      vmid: 250,
      type: 'lxc',
      archive: 'local:backup/vzdump-lxc-200-2026_01_01-00_00_00.tar.zst',
    });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/storage/);
    expect(h.fake.requests).toEqual([]);
  });

  it('backup_restore with unique gives the restored guest new MACs', async () => {
    const archive = 'local:backup/vzdump-qemu-100-2026_01_01-00_00_00.vma.zst';
    const r = await h.call('backup_restore', { node: 'pve', vmid: 102, type: 'qemu', archive, unique: true, wait: true });
    expect(r.isError, r.text).toBe(false);
    expect(h.fake.requests.find((q) => q.method === 'POST')?.body).toMatchObject({ unique: '1' });
    expect(guest(102)?.config.net0).toMatch(/^virtio=BC:24:11:/);
    expect(guest(102)?.config.net0).not.toBe(guest(100)?.config.net0);
  });
});

describe('container addresses', () => {
  it('network_set refuses a container prefix PVE refuses (/0-/7) and accepts /8', async () => {
    for (const ip of ['10.0.0.5/0', '10.0.0.5/7']) {
      const r = await h.call('network_set', { node: 'pve', vmid: 200, type: 'lxc', net: 'net1', bridge: 'vmbr0', ip });
      expect(r.isError, ip).toBe(true);
    }
    expect(h.fake.requests).toEqual([]);
    const ok = await h.call('network_set', { node: 'pve', vmid: 200, type: 'lxc', net: 'net1', bridge: 'vmbr0', ip: '10.0.0.5/8' });
    expect(ok.isError, ok.text).toBe(false);
  });
});

describe('backup notes are a PVE template', () => {
  it('backup_create refuses an unknown {{variable}} before any request', async () => {
    const r = await h.call('backup_create', { node: 'pve', vmid: 101, storage: 'local', notes: 'nightly {{foo}}' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/\{\{cluster\}\}/);
    expect(h.fake.requests).toEqual([]);
  });

  it('backup_create escapes backslashes so the note arrives as written, and lets {{guestname}} expand', async () => {
    const r = await h.call('backup_create', {
      node: 'pve',
      vmid: 101,
      storage: 'local',
      notes: 'C:\\backups\\n {{guestname}}',
      wait: true,
    });
    expect(r.isError, r.text).toBe(false);
    expect(h.fake.requests.find((q) => q.method === 'POST')?.body['notes-template']).toBe('C:\\\\backups\\\\n {{guestname}}');
    expect(h.fake.state.volumes.find((v) => v.vmid === 101)?.notes).toBe('C:\\backups\\n db');
  });
});

describe('snapshot names', () => {
  it('deletes and rolls back snapshots PVE made or allowed: vzdump, Current, Pending', async () => {
    const vm = guest(100);
    const ct = guest(200);
    vm?.snapshots.push({ name: 'Current', snaptime: 1 }, { name: 'Pending', snaptime: 2 });
    ct?.snapshots.push({ name: 'vzdump', snaptime: 3 });
    for (const [type, vmid, snapname] of [
      ['qemu', 100, 'Current'],
      ['qemu', 100, 'Pending'],
      ['lxc', 200, 'vzdump'],
    ] as const) {
      const rolled = await h.call('snapshot_rollback', { node: 'pve', vmid, type, snapname, wait: true });
      expect(rolled.isError, `${snapname}: ${rolled.text}`).toBe(false);
      const deleted = await h.call('snapshot_delete', { node: 'pve', vmid, type, snapname, wait: true });
      expect(deleted.isError, `${snapname}: ${deleted.text}`).toBe(false);
    }
    expect([...(vm?.snapshots ?? []), ...(ct?.snapshots ?? [])].map((s) => s.name)).toEqual(['before_upgrade']);
  });

  it('snapshot_create refuses only the names PVE reserves for the guest type', async () => {
    for (const [type, vmid, snapname] of [
      ['qemu', 100, 'current'],
      ['qemu', 100, 'PENDING'],
      ['lxc', 200, 'vzdump'],
      ['lxc', 200, 'current'],
    ] as const) {
      const r = await h.call('snapshot_create', { node: 'pve', vmid, type, snapname });
      expect(r.isError, snapname).toBe(true);
    }
    expect(h.fake.requests).toEqual([]);
    for (const [type, vmid, snapname] of [
      ['qemu', 100, 'vzdump'],
      ['lxc', 200, 'Pending'],
      ['qemu', 100, 'Current'],
    ] as const) {
      const r = await h.call('snapshot_create', { node: 'pve', vmid, type, snapname, wait: true });
      expect(r.isError, `${snapname}: ${r.text}`).toBe(false);
    }
  });
});

describe('SSH keys', () => {
  it('container_create accepts a key whose comment has spaces', async () => {
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0ZXN0a2V5 Alice Example (laptop)';
    const r = await h.call('container_create', {
      node: 'pve',
      vmid: 202,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      hostname: 'ci',
      storage: 'local-lvm',
      size: 8,
      ssh_public_keys: [key],
      wait: true,
    });
    expect(r.isError, r.text).toBe(false);
    expect(h.fake.requests.find((q) => q.method === 'POST')?.body['ssh-public-keys']).toBe(key);
  });
});

describe('config writes carry PVE’s digest', () => {
  it('disk_add is refused, not applied, when the config changed after it was read', async () => {
    h.fake.afterRequest({ method: 'GET', pathIncludes: '/qemu/101/config' }, (state) => {
      const vm = state.guests.find((g) => g.vmid === 101);
      if (vm) vm.config.memory = 16_384; // another user's change
    });
    const r = await h.call('disk_add', { node: 'pve', vmid: 101, disk: 'scsi1', storage: 'local-lvm', size: 16 });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/changed since/);
    expect(guest(101)?.config.scsi1).toBeUndefined();
    expect(writes().at(-1)?.body.digest).toMatch(/^[0-9a-f]{40}$/);
  });

  it('mountpoint_add sends the digest of the config it checked', async () => {
    const r = await h.call('mountpoint_add', { node: 'pve', vmid: 200, mp: 'mp0', storage: 'local-lvm', size: 4, path: '/data' });
    expect(r.isError, r.text).toBe(false);
    expect(writes().at(-1)?.body.digest).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('offline nodes', () => {
  it('node_list shows unknown usage for an offline node, not zeros', async () => {
    const r = await h.call('node_list');
    const nodes = (r.data as { nodes: Array<Record<string, unknown>> }).nodes;
    expect(nodes.find((n) => n.node === 'pve2')).toEqual({ node: 'pve2', status: 'offline' });
    expect(nodes.find((n) => n.node === 'pve')).toMatchObject({ status: 'online', cpus: 16, maxMemGiB: 64 });
  });
});

describe('removals read what they remove', () => {
  it('network_remove, disk_remove and mountpoint_remove send the digest of the config they checked', async () => {
    for (const [tool, args] of [
      ['network_remove', { node: 'pve', vmid: 100, type: 'qemu', net: 'net0' }],
      ['disk_remove', { node: 'pve', vmid: 101, disk: 'scsi0' }],
      ['mountpoint_remove', { node: 'pve', vmid: 200, mp: 'mp0' }],
    ] as const) {
      if (tool === 'mountpoint_remove') {
        const ct = guest(200);
        if (ct) ct.config.mp0 = 'local-lvm:subvol-200-disk-1,mp=/data,size=4G';
      }
      const r = await h.call(tool, args);
      expect(r.isError, `${tool}: ${r.text}`).toBe(false);
      expect(writes().at(-1)?.body, tool).toMatchObject({ digest: expect.stringMatching(/^[0-9a-f]{40}$/) });
    }
  });

  it('network_remove of a NIC that does not exist says so and writes nothing', async () => {
    const r = await h.call('network_remove', { node: 'pve', vmid: 100, type: 'qemu', net: 'net7' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/net7 does not exist/);
    expect(writes()).toEqual([]);
  });
});
