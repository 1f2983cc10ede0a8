import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, spawnServer } from '../../testing/mcp-client.js';
import { SERVER_NAMES } from '../../shared/servers.js';

const SERVERS = SERVER_NAMES;

describe('precomputed tool lists', () => {
  it.each(SERVERS)('dist/%s.tools.json is exactly the committed tools/list snapshot', (name) => {
    const built = JSON.parse(readFileSync(`${PROJECT_ROOT}dist/${name}.tools.json`, 'utf8'));
    const snapshot = JSON.parse(readFileSync(`${PROJECT_ROOT}servers/${name}/test/__snapshots__/tools.json`, 'utf8'));
    expect(built).toEqual(snapshot);
  });

  it('is filtered to the enabled tiers: proxmox with elevated off lists only its basic tools', async () => {
    const server = await spawnServer('proxmox.js', [], {
      PROXMOX_HOST: '127.0.0.1',
      PROXMOX_PORT: '9',
      PROXMOX_USER: 'list@pve',
      PROXMOX_TOKEN_NAME: 'list',
      PROXMOX_TOKEN_VALUE: '00000000-0000-0000-0000-000000000000',
    });
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name)).toEqual([
        'node_list', 'node_status', 'cluster_status', 'guest_list', 'guest_status', 'guest_config',
        'storage_list', 'snapshot_list', 'backup_list', 'task_status', 'vmid_next',
      ]);
      const call = await server.call('guest_delete', { node: 'pve', vmid: 100, type: 'qemu' });
      expect(call.text).toMatch(/PROXMOX_ALLOW_ELEVATED=true/);
    } finally {
      await server.close();
    }
  });
});
