import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { HOSTILE, onlyInsideLabels } from '../../../testing/untrusted-text.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ elevated: 'true', maxWaitMs: 300 });
});
beforeEach(() => h.fake.reset());
afterAll(() => h.close());

const status = { node: 'pve', vmid: 100, type: 'qemu' };

describe('Proxmox failures become one actionable sentence', () => {
  it('401 → token rejected, naming the variables to check', async () => {
    h.fake.inject({ status: 401, reason: 'authentication failure' });
    const r = await h.call('guest_status', status);
    expect(r.isError).toBe(true);
    expect(r.text).toBe('Proxmox rejected the API token (HTTP 401); check PROXMOX_USER, PROXMOX_TOKEN_NAME and PROXMOX_TOKEN_VALUE.');
  });

  it('403 → the missing privilege and path from PVE’s message', async () => {
    h.fake.inject({ status: 403, reason: 'Permission check failed (/vms/100, VM.PowerMgmt)' });
    const r = await h.call('guest_power', { ...status, action: 'stop' });
    expect(r.text).toMatch(/^The API token lacks VM\.PowerMgmt on \/vms\/100 \(HTTP 403\)/);
  });

  it('500 "hostname lookup" → the node is not in the cluster, with the cluster’s node names', async () => {
    const r = await h.call('guest_status', { ...status, node: 'pve3' });
    expect(r.isError).toBe(true);
    expect(r.text).toBe(
      "Node pve3 is not a node of this cluster (PVE's hostname lookup failed); the cluster's nodes are pve (online), pve2 (offline).",
    );
  });

  it('595 → the node is offline, with the cluster’s node names', async () => {
    const r = await h.call('guest_status', { ...status, node: 'pve2' });
    expect(r.isError).toBe(true);
    expect(r.text).toBe("Node pve2 is offline or unreachable (HTTP 595); the cluster's nodes are pve (online), pve2 (offline).");
  });

  it('596 → PVE’s proxy timed out: the change may still complete, so check before retrying', async () => {
    h.fake.inject({ status: 596, reason: 'Connection timed out', pathIncludes: '/status/stop' });
    const r = await h.call('guest_power', { ...status, action: 'stop' });
    expect(r.isError).toBe(true);
    expect(r.text).toBe(
      'Proxmox’s proxy got no answer from node pve in time (HTTP 596) for POST /nodes/pve/qemu/100/status/stop; the change may still complete, so check the result with a read tool before trying again.',
    );
    expect(h.fake.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
    h.fake.inject({ status: 596, reason: 'Connection timed out', pathIncludes: '/status/current' });
    const read = await h.call('guest_status', status);
    expect(read.text).toMatch(
      /\(HTTP 596\) for GET \/nodes\/pve\/qemu\/100\/status\/current; the node is slow or overloaded, try again later\.$/,
    );
  });

  it('500 "does not exist" → not found, without the raw body', async () => {
    const r = await h.call('guest_config', { ...status, vmid: 999 });
    expect(r.isError).toBe(true);
    expect(r.data).toMatchObject({ error: { kind: 'not_found' } });
    expect(r.text).toMatch(/^Proxmox reports that the object of GET \/nodes\/pve\/qemu\/999\/config does not exist\./);
    expect(r.text).not.toContain('"data"');
  });

  it('400 → the parameters PVE rejected', async () => {
    h.fake.inject({ status: 400, reason: 'Parameter verification failed.' });
    const r = await h.call('vmid_next');
    expect(r.data).toMatchObject({ error: { kind: 'input' } });
  });

  it('501 → an unimplemented endpoint, and an unexpected status is named', async () => {
    h.fake.inject({ status: 501, reason: "Method 'GET /nodes' not implemented", times: 1 });
    expect((await h.call('node_list')).text).toBe('This Proxmox version does not implement GET /nodes (HTTP 501).');
    h.fake.inject({ status: 502, reason: 'Bad gateway', times: 1 });
    expect((await h.call('node_list')).text).toMatch(/^Proxmox answered HTTP 502 to GET \/nodes\./);
  });

  it('a failed task is an error carrying its exit status and log tail', async () => {
    h.fake.failNextTask("command 'qm start 101' failed: exit code 1");
    const r = await h.call('guest_power', { node: 'pve', vmid: 101, type: 'qemu', action: 'start', wait: true });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(
      /^Task qmstart on pve failed: exit status untrusted "command 'qm start 101' failed: exit code 1"; log tail untrusted ".*TASK ERROR: command 'qm start 101' failed/,
    );
    expect(r.data.error).toMatchObject({ upid: expect.stringMatching(/^UPID:pve:/) });
    expect(h.fake.state.guests.find((g) => g.vmid === 101)?.status).toBe('stopped');
  });

  it('a failed task’s exit status and log reach the text only inside untrusted labels', async () => {
    h.fake.failNextTask(HOSTILE);
    const r = await h.call('guest_power', { node: 'pve', vmid: 101, type: 'qemu', action: 'start', wait: true });
    expect(r.isError).toBe(true);
    expect(onlyInsideLabels(r.text)).toBe(true);
  });

  it('a task still running after the wait limit comes back as a UPID for task_status', async () => {
    h.fake.setTaskPolls(1_000_000);
    const progress: number[] = [];
    const r = await h.call(
      'guest_power',
      { node: 'pve', vmid: 101, type: 'qemu', action: 'start', wait: true },
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(r.isError).toBe(false);
    expect(r.data).toMatchObject({ status: 'running', upid: expect.stringMatching(/^UPID:pve:/) });
    expect(r.text).toMatch(/call task_status with wait/);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('stops waiting when the client cancels the call', async () => {
    h.fake.setTaskPolls(1_000_000);
    const controller = new AbortController();
    const pending = h.call(
      'guest_power',
      { node: 'pve', vmid: 101, type: 'qemu', action: 'start', wait: true },
      {
        signal: controller.signal,
        onprogress: () => controller.abort(),
      },
    );
    await expect(pending).rejects.toThrow();
    const polls = h.fake.requests.filter((q) => q.path.includes('/tasks/')).length;
    // The server-side loop ends too: no poll keeps going after the cancellation settles.
    await h.call('node_list');
    expect(h.fake.requests.filter((q) => q.path.includes('/tasks/')).length).toBeLessThanOrEqual(polls + 1);
  });
});

describe('a request that times out', () => {
  let slow: Harness;
  beforeAll(async () => {
    slow = await startHarness({ elevated: 'true', requestTimeoutMs: 1000 });
  });
  beforeEach(() => slow.fake.reset());
  afterAll(() => slow.close());

  it.each([
    ['POST', 'guest_power', { node: 'pve', vmid: 101, type: 'qemu', action: 'start' }, 'POST /nodes/pve/qemu/101/status/start'],
    ['DELETE', 'guest_delete', { node: 'pve', vmid: 101, type: 'qemu' }, 'DELETE /nodes/pve/qemu/101'],
    ['POST', 'vm_create', { node: 'pve', vmid: 150, storage: 'local-lvm', size: 8 }, 'POST /nodes/pve/qemu'],
  ])('sends a %s that times out exactly once and says it may have been applied (%s)', async (method, tool, args, where) => {
    slow.fake.hang({ method });
    const r = await slow.call(tool, args);
    expect(r.isError).toBe(true);
    expect(r.text).toBe(
      `Proxmox did not answer ${where} (timeout after 1 s); the request was sent once and not retried, so check the result before trying again.`,
    );
    expect(slow.fake.requests.filter((q) => q.method === method)).toHaveLength(1);
  });
});
