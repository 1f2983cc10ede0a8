import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { listedNames, snapshotToolNames } from '../../../testing/tool-snapshot.js';
import { basicTools } from '../tools/index.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ELEVATED = ['guest_power', 'vm_create', 'guest_delete', 'backup_delete', 'network_set'];

describe('the elevated gate', () => {
  it.each([
    ['unset', undefined],
    ['false', 'false'],
    ['TRUE', 'TRUE'],
    ['1', '1'],
    ['" true"', ' true'],
    ['yes', 'yes'],
    ['on', 'on'],
  ])('with PROXMOX_ALLOW_ELEVATED %s lists no elevated tool and sends nothing when one is called', async (_label, value) => {
    h = await startHarness(value === undefined ? { env: { PROXMOX_ALLOW_ELEVATED: '' } } : { elevated: value });
    const { tools } = await h.client.listTools();
    expect(listedNames(tools)).toEqual(snapshotToolNames('proxmox', (name) => basicTools.some((t) => t.name === name)));
    expect(tools.every((t) => t.annotations?.readOnlyHint)).toBe(true);
    await expect(h.call('guest_delete', { node: 'pve', vmid: 101, type: 'qemu' })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringMatching(/Unknown tool: guest_delete\..*set PROXMOX_ALLOW_ELEVATED=true/),
    });
    expect(h.fake.requests).toEqual([]);
    expect(h.audit()).toEqual([]);
  });

  it.each(['TRUE', '1', ' true'])('treats PROXMOX_ALLOW_ELEVATED=%j as a configuration error on every call', async (value) => {
    h = await startHarness({ elevated: value });
    const result = await h.call('node_list');
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/PROXMOX_ALLOW_ELEVATED is malformed/);
    expect(h.fake.requests).toEqual([]);
  });

  it('with PROXMOX_ALLOW_ELEVATED=true lists the elevated tools', async () => {
    h = await startHarness({ elevated: 'true' });
    const names = (await h.client.listTools()).tools.map((t) => t.name);
    for (const name of ELEVATED) expect(names).toContain(name);
  });
});
