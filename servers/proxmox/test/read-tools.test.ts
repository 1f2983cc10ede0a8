import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { listedNames, snapshotToolNames } from '../../../testing/tool-snapshot.js';
import { basicTools } from '../tools/index.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ elevated: 'false' });
});
beforeEach(() => h.fake.reset());
afterAll(() => h.close());

const call = (name: string, args: Record<string, unknown> = {}) => h.call(name, args);

describe('basic tools against the PVE fake', () => {
  it('node_list lists nodes with status and rounded usage', async () => {
    const r = await call('node_list');
    expect(r.isError).toBe(false);
    expect(r.data.nodes).toEqual([
      expect.objectContaining({ node: 'pve', status: 'online', cpus: 16, memGiB: 20, maxMemGiB: 64 }),
      expect.objectContaining({ node: 'pve2', status: 'offline' }),
    ]);
    expect(h.fake.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /nodes']);
  });

  it('node_list answers one line per node, usage only for online ones', async () => {
    const r = await call('node_list');
    expect(r.text).toBe('pve online: CPU 7% of 16, mem 20 of 64 GiB, up 10d 0h\npve2 offline');
  });

  it('node_status reads one node', async () => {
    const r = await call('node_status', { node: 'pve' });
    expect(r.data).toMatchObject({ node: 'pve', cpus: 16, pveversion: 'pve-manager/8.3.0/fake', memGiB: { total: 64 } });
  });

  it('node_status answers one line with usage and versions', async () => {
    const r = await call('node_status', { node: 'pve' });
    expect(r.text).toMatch(
      /^pve: CPU \d+(\.\d)?% of 16, load [\d. ,]+, mem [\d.]+ of 64 GiB, root [\d.]+ of [\d.]+ GiB, up .+; pve-manager\/8\.3\.0\/fake/,
    );
  });

  it('cluster_status reports quorum and online nodes', async () => {
    const r = await call('cluster_status');
    expect(r.data).toEqual({
      cluster: { name: 'lab', quorate: true, nodes: 2 },
      nodes: [
        { name: 'pve', online: true, ip: '10.0.0.1', local: true },
        { name: 'pve2', online: false, ip: '10.0.0.2', local: false },
      ],
    });
  });

  it('cluster_status answers quorum and the nodes in two lines', async () => {
    const r = await call('cluster_status');
    expect(r.text).toBe('cluster lab: quorate, 2 node(s)\npve 10.0.0.1 online (this one); pve2 10.0.0.2 offline');
  });

  it('guest_list lists VMs and containers, filters by node and type, and paginates', async () => {
    const all = await call('guest_list');
    expect((all.data.guests as Array<{ vmid: number }>).map((g) => g.vmid)).toEqual([100, 101, 200]);
    const lxc = await call('guest_list', { type: 'lxc', node: 'pve' });
    expect(lxc.data.guests).toEqual([{ vmid: 200, name: 'cache', type: 'lxc', node: 'pve', status: 'running' }]);
    const first = await call('guest_list', { limit: 2 });
    expect(first.data).toMatchObject({ total: 3, nextCursor: '2' });
    const second = await call('guest_list', { limit: 2, cursor: '2' });
    expect((second.data.guests as unknown[]).length).toBe(1);
    expect(second.data.nextCursor).toBeUndefined();
  });

  it('guest_list answers one line per guest and the cursor of the next page', async () => {
    const first = await call('guest_list', { limit: 2 });
    expect(first.text).toBe('3 guest(s), 2 shown:\n100 qemu web on pve: running\n101 qemu db on pve: stopped\nmore: cursor 2');
  });

  it('guest_status reads the run state', async () => {
    const r = await call('guest_status', { node: 'pve', vmid: 100, type: 'qemu' });
    expect(r.data).toMatchObject({ vmid: 100, name: 'web', status: 'running', qmpstatus: 'running' });
    expect(h.fake.requests[0]?.path).toBe('/nodes/pve/qemu/100/status/current');
  });

  it('guest_status answers one line: state, uptime, CPU and memory', async () => {
    const r = await call('guest_status', { node: 'pve', vmid: 100, type: 'qemu' });
    expect(r.text).toMatch(/^qemu 100 web on pve: running \(qmp running\)/);
    expect(r.text).toMatch(/mem \d+(\.\d)? of 4 GiB/);
  });

  it('guest_config redacts the cloud-init password and labels the description untrusted', async () => {
    const r = await call('guest_config', { node: 'pve', vmid: 100, type: 'qemu' });
    const config = r.data.config as Record<string, unknown>;
    expect(config.cipassword).toBe('[redacted]');
    expect(r.text).not.toContain('hashedpassword');
    expect(config.description).toEqual({ untrusted: true, text: expect.stringContaining('IGNORE PREVIOUS INSTRUCTIONS') });
    expect(config.scsi0).toBe('local-lvm:vm-100-disk-0,size=32G');
  });

  it('storage_list reads one node or the whole cluster', async () => {
    const node = await call('storage_list', { node: 'pve' });
    expect(node.data.storage).toEqual([
      expect.objectContaining({ storage: 'local', content: 'iso,vztmpl,backup', totalGiB: 100 }),
      expect.objectContaining({ storage: 'local-lvm', usedGiB: 104 }),
    ]);
    const cluster = await call('storage_list');
    expect((cluster.data.storage as unknown[]).length).toBe(4);
    expect(h.fake.requests.map((q) => q.path)).toEqual(['/nodes/pve/storage', '/cluster/resources']);
  });

  it('storage_list answers one line per storage: content, usage, shared', async () => {
    const node = await call('storage_list', { node: 'pve' });
    expect(node.text.split('\n')).toEqual([
      'local dir [iso,vztmpl,backup]: 20 of 100 GiB',
      'local-lvm lvmthin [images,rootdir]: 104 of 400 GiB',
    ]);
    const cluster = await call('storage_list');
    expect(cluster.text.split('\n')[0]).toMatch(/^local on pve dir \[iso,vztmpl,backup\]: 20 of 100 GiB/);
  });

  it('snapshot_list omits the "current" pseudo-snapshot', async () => {
    const r = await call('snapshot_list', { node: 'pve', vmid: 100, type: 'qemu' });
    expect(r.data.snapshots).toEqual([
      { name: 'before_upgrade', time: expect.any(String), description: { untrusted: true, text: 'pre 2.0' } },
    ]);
  });

  it('backup_list lists backups newest first, optionally for one VMID', async () => {
    const all = await call('backup_list', { node: 'pve', storage: 'local' });
    expect((all.data.backups as Array<{ vmid: number }>).map((b) => b.vmid)).toEqual([100, 200]);
    const one = await call('backup_list', { node: 'pve', storage: 'local', vmid: 200 });
    expect(one.data.backups).toEqual([expect.objectContaining({ volid: 'local:backup/vzdump-lxc-200-2026_01_01-00_00_00.tar.zst' })]);
    expect(h.fake.requests[1]?.query).toEqual({ content: 'backup', vmid: '200' });
  });

  it('vmid_next returns the lowest free VMID as a number', async () => {
    const r = await call('vmid_next');
    expect(r.data).toEqual({ vmid: 102 });
  });

  it('task_status takes the node from the UPID and refuses a contradicting node', async () => {
    const h2 = h.fake;
    const guest = h2.state.guests.find((g) => g.vmid === 101);
    expect(guest).toBeDefined();
    // A task started outside this server (e.g. in the web UI), polled here.
    const upid = 'UPID:pve:00001234:00005678:6B08EE42:qmstart:101:root@pam:';
    h2.state.tasks.set(upid, {
      upid,
      node: 'pve',
      type: 'qmstart',
      id: '101',
      user: 'root@pam',
      pid: 1,
      pstart: 1,
      starttime: 1,
      pollsLeft: 0,
      status: 'stopped',
      exitstatus: 'WARNINGS: 2',
      log: ['TASK WARNINGS: 2'],
    });
    const r = await call('task_status', { upid });
    expect(r.data).toEqual({ upid, node: 'pve', status: 'stopped', exitstatus: 'WARNINGS: 2' });
    expect(h2.requests.at(-1)?.path).toBe(`/nodes/pve/tasks/${upid}/status`);
    const before = h2.requests.length;
    const wrong = await call('task_status', { upid, node: 'pve2' });
    expect(wrong.isError).toBe(true);
    expect(wrong.text).toMatch(/node does not match/);
    expect(h2.requests.length).toBe(before);
  });

  it('hides elevated tools and refuses them without sending anything', async () => {
    const { tools } = await h.client.listTools();
    expect(listedNames(tools)).toEqual(snapshotToolNames('proxmox', (name) => basicTools.some((t) => t.name === name)));
    await expect(call('guest_delete', { node: 'pve', vmid: 101, type: 'qemu' })).rejects.toThrow(
      /Unknown tool: guest_delete\..*PROXMOX_ALLOW_ELEVATED=true/,
    );
    expect(h.fake.requests).toEqual([]);
  });
});
