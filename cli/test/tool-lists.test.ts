import { describe, expect, it } from 'vitest';
import { elevatedTools } from '../../servers/proxmox/tools/index.js';
import { spawnServer } from '../../testing/mcp-client.js';
import { snapshotToolNames } from '../../testing/tool-snapshot.js';

describe('a spawned server lists the tools of its enabled tiers', () => {
  it('proxmox with elevated off lists only its basic tools and answers an elevated one as an unknown tool that says how to enable it', async () => {
    const server = await spawnServer('proxmox.js', [], {
      PROXMOX_HOST: '127.0.0.1',
      PROXMOX_PORT: '9',
      PROXMOX_USER: 'list@pve',
      PROXMOX_TOKEN_NAME: 'list',
      PROXMOX_TOKEN_VALUE: '00000000-0000-0000-0000-000000000000',
    });
    try {
      const { tools } = await server.client.listTools();
      const elevated = new Set(elevatedTools.map((t) => t.name));
      expect(tools.map((t) => t.name).sort()).toEqual(snapshotToolNames('proxmox', (name) => !elevated.has(name)));
      await expect(server.call('guest_delete', { node: 'pve', vmid: 100, type: 'qemu' })).rejects.toThrow(
        /-32602.*Unknown tool: guest_delete.*PROXMOX_ALLOW_ELEVATED=true/,
      );
    } finally {
      await server.close();
    }
  });
});
