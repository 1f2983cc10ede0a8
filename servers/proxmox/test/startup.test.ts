import { afterEach, describe, expect, it } from 'vitest';
import { spawnServer, type SpawnedServer } from '../../../testing/mcp-client.js';
import { startProxmoxFake, type ProxmoxFake } from '../../../testing/proxmox-fake/index.js';
import { listedNames, snapshotToolNames } from '../../../testing/tool-snapshot.js';
import { basicTools } from '../tools/index.js';

let server: SpawnedServer | undefined;
let fake: ProxmoxFake | undefined;
afterEach(async () => {
  await server?.close();
  await fake?.close();
  server = undefined;
  fake = undefined;
});

describe('start-up of the built bin', () => {
  it('starts without configuration, lists the basic tools and returns the same configuration error on every call', async () => {
    server = await spawnServer('proxmox.js', [], { PROXMOX_TOKEN_VALUE: 'not-a-uuid-but-secret-ish' });
    const { tools } = await server.client.listTools();
    expect(listedNames(tools)).toEqual(snapshotToolNames('proxmox', (name) => basicTools.some((t) => t.name === name)));
    const expected =
      'Configuration error: PROXMOX_HOST is not set; PROXMOX_USER is not set; PROXMOX_TOKEN_NAME is not set; PROXMOX_TOKEN_VALUE is malformed (must be the token secret (a UUID)).';
    for (const name of ['node_list', 'guest_list']) {
      const result = await server.call(name, {});
      expect(result).toMatchObject({ isError: true, text: expected });
    }
    expect(server.stderr()).toContain(expected);
    expect(server.stderr()).not.toContain('not-a-uuid-but-secret-ish');
  });

  it('logs the PROXMOX_VERIFY_TLS=false opt-out at start-up and then connects without a CA', async () => {
    fake = await startProxmoxFake();
    const { PROXMOX_CA_FILE: _ca, ...env } = fake.env();
    server = await spawnServer('proxmox.js', [], { ...env, PROXMOX_VERIFY_TLS: 'false' });
    expect((await server.call('node_list', {})).isError).toBe(false);
    expect(server.stderr()).toMatch(/PROXMOX_VERIFY_TLS=false: TLS certificates of the Proxmox API are NOT verified/);
  });
});
