import { afterEach, describe, expect, it } from 'vitest';
import { schemaDisagreements } from '../../../testing/schema-hostile.js';
import { startHarness, type Harness } from './harness.js';

// A valid value for each kind of patterned field; the first that matches a field's pattern is used.
const SAMPLES = [
  'local',
  'before_upgrade',
  'scsi1',
  'mp0',
  'net0',
  'vmbr0',
  'UPID:local:00001234:00005678:65000000:qmstart:100:root@pam:',
  'local:backup/vzdump-qemu-100-2026_01_01-00_00_00.vma.zst',
  'local:vztmpl/debian-12-standard_12.2-1_amd64.tar.zst',
  'local:iso/debian-12.iso',
  '02:00:00:00:00:01',
  '10.0.0.5/24',
  '10.0.0.1',
  '/mnt/data',
  '+1G',
  '0',
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI test',
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('proxmox input schemas', () => {
  it('agree with the handlers both ways: what the published schema refuses never reaches PVE, its boundary values are never refused as input', async () => {
    h = await startHarness();
    const harness = h;
    const { tools } = await harness.client.listTools();
    const lines = await schemaDisagreements(tools, {
      call: (tool, args) => harness.call(tool, args),
      requests: () => harness.fake.requests.length,
      samples: SAMPLES,
      base: { network_set: { type: 'lxc', vmid: 200 } },
    });
    expect(lines).toEqual([]);
  }, 60_000);
});
