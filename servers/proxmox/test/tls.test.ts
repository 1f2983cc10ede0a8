import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxmoxFake, type ProxmoxFake } from '../../../testing/proxmox-fake/index.js';
import { startHarness } from './harness.js';

let fake: ProxmoxFake;
beforeAll(async () => {
  fake = await startProxmoxFake();
});
afterAll(() => fake.close());

describe('TLS', () => {
  it('fails against the fake’s untrusted certificate without PROXMOX_CA_FILE, and says how to fix it', async () => {
    const h = await startHarness({ env: { PROXMOX_CA_FILE: '' } });
    try {
      const r = await h.call('node_list');
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/TLS certificate of 127\.0\.0\.1:\d+ is not trusted .*set PROXMOX_CA_FILE/);
      expect(h.fake.requests).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('succeeds with the CA pinned through PROXMOX_CA_FILE', async () => {
    const h = await startHarness();
    try {
      expect((await h.call('node_list')).isError).toBe(false);
      expect(h.fake.requests).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('PROXMOX_VERIFY_TLS=false connects without touching NODE_TLS_REJECT_UNAUTHORIZED', async () => {
    const h = await startHarness({ env: { PROXMOX_CA_FILE: '', PROXMOX_VERIFY_TLS: 'false' } });
    try {
      expect((await h.call('node_list')).isError).toBe(false);
      expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
      // Other HTTPS clients in the process still verify: Node's own fetch refuses the fake.
      await expect(fetch(fake.url)).rejects.toThrow();
    } finally {
      await h.close();
    }
  });
});
