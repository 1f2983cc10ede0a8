import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type SpawnedServer, type ToolCall } from '../../../testing/mcp-client.js';
import { startProxmoxFake, type ProxmoxFake } from '../../../testing/proxmox-fake/index.js';
import { listedNames, snapshotToolNames } from '../../../testing/tool-snapshot.js';

const trace = fileURLToPath(new URL('../../../testing/trace-imports.mjs', import.meta.url));

let fake: ProxmoxFake;
let server: SpawnedServer;
let auditFile: string;
const results: ToolCall[] = [];

beforeAll(async () => {
  fake = await startProxmoxFake();
  auditFile = join(mkdtempSync(join(tmpdir(), 'proxmox-e2e-')), 'audit.jsonl');
  server = await spawnServer('proxmox.js', [], {
    ...fake.env(),
    PROXMOX_ALLOW_ELEVATED: 'true',
    PROXMOX_AUDIT_LOG: auditFile,
    LOG_LEVEL: 'debug',
    NODE_OPTIONS: `--import=${trace}`,
    TRACE_IMPORTS: 'proxmox-api|undici',
  });
}, 60_000);
// The built server's requests must pass PVE's schema too (see testing/proxmox-fake/pve-schema.json).
afterEach(() => {
  expect(fake.violations.splice(0), 'requests PVE would refuse').toEqual([]);
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

const call = async (name: string, args: Record<string, unknown> = {}) => {
  const result = await server.call(name, args, { timeoutMs: 30_000 });
  results.push(result);
  return result;
};

describe('the built bin over stdio', () => {
  it('answers initialize and tools/list without the network and without loading proxmox-api', async () => {
    expect(server.client.getServerVersion()?.name).toBe('protolabs-proxmox');
    const { tools } = await server.client.listTools();
    expect(listedNames(tools)).toEqual(snapshotToolNames('proxmox'));
    expect(fake.requests).toEqual([]);
    expect(server.stderr()).not.toContain('[trace-import]');
  });

  it('runs real calls against the HTTPS fake, loading proxmox-api on the first one', async () => {
    const nodes = await call('node_list');
    expect(nodes.isError).toBe(false);
    expect(server.stderr()).toMatch(/\[trace-import\] .*proxmox-api/);
    const power = await call('guest_power', { node: 'pve', vmid: 101, type: 'qemu', action: 'start', wait: true });
    expect(power.data).toMatchObject({ status: 'stopped', exitstatus: 'OK' });
    expect(fake.state.guests.find((g) => g.vmid === 101)?.status).toBe('running');
  });

  it('never shows the token value in any result, error, log line or audit record', async () => {
    await call('guest_config', { node: 'pve', vmid: 100, type: 'qemu' });
    fake.inject({ status: 401, reason: 'authentication failure', times: 1 });
    await call('node_list');
    fake.inject({ status: 403, reason: 'Permission check failed (/vms/100, VM.Audit)', times: 1 });
    await call('guest_status', { node: 'pve', vmid: 100, type: 'qemu' });
    await call('guest_status', { node: 'nope', vmid: 100, type: 'qemu' });
    await call('guest_status', { node: 'pve?x', vmid: 100, type: 'qemu' });
    fake.failNextTask('failed: token in use');
    await call('snapshot_create', { node: 'pve', vmid: 100, type: 'qemu', snapname: 'e2e_snap', wait: true });
    await call('backup_delete', { node: 'pve', storage: 'local', volid: 'local:backup/missing.vma.zst' });
    expect(results.filter((r) => r.isError).length).toBeGreaterThanOrEqual(5);
    const everything = [JSON.stringify(results.map((r) => r.raw)), server.stderr(), readFileSync(auditFile, 'utf8')].join('\n');
    expect(everything).toContain('"level":20'); // debug lines were captured, so the check covers them
    expect(everything).not.toContain(fake.tokenSecret);
  });
});
