import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { labelled } from '../../../testing/untrusted-text.js';

// Task ids and volume ids as a real PVE writes them, not as the server's first allow-lists imagined them.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ elevated: 'true' });
});
beforeEach(() => h.fake.reset());
afterAll(() => h.close());

const PBS_VOLID = 'pbs:backup/vm/100/2026-01-02T00:00:00Z';
const COPY_VOLID = 'local:backup/vzdump-qemu-101-2026_01_02-00_00_00 (copy).vma.zst';

function seedPbs(): void {
  h.fake.state.storages.push({ storage: 'pbs', type: 'pbs', content: ['backup'], shared: true, total: 2 ** 40, used: 2 ** 30 });
  h.fake.state.volumes.push(
    { volid: PBS_VOLID, storage: 'pbs', content: 'backup', size: 3_000_000_000, ctime: 1_767_312_000, vmid: 100, format: 'pbs-vm' },
    { volid: COPY_VOLID, storage: 'local', content: 'backup', size: 1_000_000, ctime: 1_767_312_000, vmid: 101, format: 'vma.zst' },
  );
}

describe('task ids as PVE writes them', () => {
  it('backup_delete follows its imgdel task (id "100@local") to the end', async () => {
    const volid = 'local:backup/vzdump-qemu-100-2026_01_01-00_00_00.vma.zst';
    const r = await h.call('backup_delete', { node: 'pve', storage: 'local', volid, wait: true });
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({ status: 'stopped', exitstatus: 'OK', upid: expect.stringMatching(/:imgdel:100@local:mcp@pve!mcp:$/) });
    const status = await h.call('task_status', { upid: r.data.upid });
    expect(status.data).toMatchObject({ status: 'stopped', node: 'pve' });
  });

  it('backup_delete reports a failed delete task as an error', async () => {
    h.fake.failNextTask('volume is protected');
    const r = await h.call('backup_delete', {
      node: 'pve',
      storage: 'local',
      volid: 'local:backup/vzdump-qemu-100-2026_01_01-00_00_00.vma.zst',
      wait: true,
    });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^Task imgdel on pve failed/);
  });

  it('backup_create says the guest is on another node when vzdump answers "OK" without a task', async () => {
    const vm = h.fake.state.guests.find((g) => g.vmid === 101);
    if (vm) vm.node = 'pve2';
    h.fake.state.nodes[1] = { ...h.fake.state.nodes[1]!, status: 'online' };
    const r = await h.call('backup_create', { node: 'pve', vmid: 101, storage: 'local', wait: true });
    expect(r.isError).toBe(true);
    expect(r.text).toBe('VMID 101 is on node pve2, not pve: vzdump backed up nothing. Call backup_create with node pve2.');
    expect(h.fake.state.volumes.filter((v) => v.vmid === 101)).toEqual([]);
  });
});

describe('users PVE accepts', () => {
  for (const user of ['ci+bot@pve', 'alice@example.com@oidc']) {
    it(`follows the tasks of a token of ${user}, and reports a failed start as a failure`, async () => {
      const other = await startHarness({ elevated: 'true', user });
      try {
        const started = await other.call('guest_power', { node: 'pve', vmid: 101, type: 'qemu', action: 'start', wait: true });
        expect(started.isError, started.text).toBe(false);
        expect(started.data).toMatchObject({ status: 'stopped', exitstatus: 'OK', upid: expect.stringContaining(`:${user}!mcp:`) });
        other.fake.failNextTask("command 'qm start 100' failed: exit code 1");
        const r = await other.call('guest_power', { node: 'pve', vmid: 101, type: 'qemu', action: 'stop', wait: true });
        expect(r.isError).toBe(true);
        expect(r.text).toMatch(/^Task qmstop on pve failed/);
      } finally {
        await other.close();
      }
    });
  }
});

describe('Proxmox Backup Server volumes and unusual backup names', () => {
  it('backup_list, backup_restore and backup_delete accept a PBS volume id', async () => {
    seedPbs();
    const list = await h.call('backup_list', { node: 'pve', storage: 'pbs' });
    expect((list.data as { backups: Array<{ volid: string }> }).backups.map((b) => b.volid)).toEqual([PBS_VOLID]);
    const restored = await h.call('backup_restore', { node: 'pve', vmid: 300, type: 'qemu', archive: PBS_VOLID, wait: true });
    expect(restored.isError, restored.text).toBe(false);
    expect(h.fake.state.guests.some((g) => g.vmid === 300)).toBe(true);
    const deleted = await h.call('backup_delete', { node: 'pve', storage: 'pbs', volid: PBS_VOLID, wait: true });
    expect(deleted.isError, deleted.text).toBe(false);
    expect(h.fake.requests.at(-2)).toMatchObject({ method: 'DELETE', path: `/nodes/pve/storage/pbs/content/${PBS_VOLID}` });
    expect(h.fake.state.volumes.some((v) => v.volid === PBS_VOLID)).toBe(false);
  });

  it('backup_restore and backup_delete accept a file name with spaces and parentheses', async () => {
    seedPbs();
    const restored = await h.call('backup_restore', { node: 'pve', vmid: 301, type: 'qemu', archive: COPY_VOLID, wait: true });
    expect(restored.isError, restored.text).toBe(false);
    const deleted = await h.call('backup_delete', { node: 'pve', storage: 'local', volid: COPY_VOLID, wait: true });
    expect(deleted.isError, deleted.text).toBe(false);
    expect(h.fake.state.volumes.some((v) => v.volid === COPY_VOLID)).toBe(false);
  });

  it('still refuses volume ids that climb out of their storage, before any request', async () => {
    for (const volid of [
      'pbs:backup/vm/../../etc',
      'pbs:backup/vm//100',
      'local:backup/x\u0000y',
      'pbs:backup/vm/100/./x',
      'local:images/vm-100-disk-0',
    ]) {
      const r = await h.call('backup_delete', { node: 'pve', storage: volid.split(':')[0], volid });
      expect(r.isError, volid).toBe(true);
    }
    expect(h.fake.requests).toEqual([]);
  });
});

describe('failed task logs', () => {
  it('returns the real end of a long log (the final TASK ERROR of a 1,501-line log)', async () => {
    h.fake.failNextTask("command 'qm start 101' failed: exit code 1", { logLines: 1500 });
    const r = await h.call('guest_power', { node: 'pve', vmid: 101, type: 'qemu', action: 'start', wait: true });
    expect(r.isError).toBe(true);
    const log = labelled(r.text)[1] as string;
    expect(log).toContain("TASK ERROR: command 'qm start 101' failed: exit code 1");
    expect(log).toContain('working (1500)');
    expect(log).not.toContain('working (1000)\n');
  });
});
