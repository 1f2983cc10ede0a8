import { afterEach, describe, expect, it } from 'vitest';
import { HOSTILE, onlyInsideLabels } from '../../../testing/untrusted-text.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function guest(harness: Harness, vmid: number) {
  const found = harness.fake.state.guests.find((g) => g.vmid === vmid);
  if (!found) throw new Error(`the fake has no guest ${vmid}`);
  return found;
}

describe('proxmox texts carry outside text only inside untrusted labels', () => {
  it('snapshot_list: descriptions, beside each snapshot name, parent and time', async () => {
    h = await startHarness();
    guest(h, 100).snapshots.push({ name: 'before_upgrade', description: HOSTILE, snaptime: 1_767_225_600, vmstate: 1 });
    const { text, isError } = await h.call('snapshot_list', { node: 'pve', vmid: 100, type: 'qemu' });
    expect(isError).toBe(false);
    expect(onlyInsideLabels(text)).toBe(true);
    expect(text).toContain('before_upgrade');
    expect(text).toContain('2026-01-01T00:00');
    expect(text).toContain('vmstate');
  });

  it('guest_config: the description, beside the config keys, with secrets still redacted', async () => {
    h = await startHarness();
    Object.assign(guest(h, 100).config, { description: HOSTILE, cipassword: 'hunter2' });
    const { text } = await h.call('guest_config', { node: 'pve', vmid: 100, type: 'qemu' });
    expect(onlyInsideLabels(text)).toBe(true);
    expect(text).toMatch(/^memory: \d+$/m);
    expect(text).toContain('cipassword: [redacted]');
    expect(text).not.toContain('hunter2');
  });

  it('backup_list: notes, beside each volid, VMID and size', async () => {
    h = await startHarness();
    const volid = 'local:backup/vzdump-qemu-100-2026_01_01-00_00_00.vma.zst';
    h.fake.state.volumes.push({
      volid,
      storage: 'local',
      content: 'backup',
      size: 3 * 2 ** 30,
      ctime: 1_767_225_600,
      vmid: 100,
      format: 'vma.zst',
      notes: HOSTILE,
    });
    const { text } = await h.call('backup_list', { node: 'pve', storage: 'local' });
    expect(onlyInsideLabels(text)).toBe(true);
    expect(text).toContain(volid);
    expect(text).toContain('VMID 100');
    expect(text).toContain('3 GiB');
  });
});
