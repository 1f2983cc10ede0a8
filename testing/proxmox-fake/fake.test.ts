import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startProxmoxFake, type ProxmoxFake } from './index.js';
import { PVE_VERSIONS, schemaEndpoints } from './pve-schema.js';
import { ROUTES, endpointOf } from './routes.js';

let fake: ProxmoxFake;
let ca: Buffer;
beforeAll(async () => {
  fake = await startProxmoxFake({ taskPolls: 2 });
  ca = readFileSync(fake.caFile);
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

interface Answer {
  status: number;
  reason: string;
  type: string | undefined;
  body: string;
  json: { data?: unknown; errors?: Record<string, string> } | undefined;
}

function send(method: string, path: string, options: { body?: string; auth?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: fake.port,
        method,
        path: `/api2/json${path}`,
        ca,
        headers: {
          authorization: options.auth ?? `PVEAPIToken=${fake.user}!${fake.tokenName}=${fake.tokenSecret}`,
          ...(options.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => {
          let json: Answer['json'];
          try {
            json = body ? JSON.parse(body) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, reason: res.statusMessage ?? '', type: res.headers['content-type'], body, json });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the Proxmox VE fake', () => {
  it('serves HTTPS on loopback with a certificate the exported CA verifies', async () => {
    expect(fake.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/api2\/json$/);
    const answer = await send('GET', '/version');
    expect(answer.status).toBe(200);
  });

  it('answers in the {data} envelope with PVE’s exact content type', async () => {
    const answer = await send('GET', '/cluster/nextid');
    expect(answer.type).toBe('application/json;charset=UTF-8');
    expect(answer.json).toEqual({ data: '102' });
  });

  it('rejects a missing or wrong token with 401 and no JSON body, but records the attempt', async () => {
    for (const auth of ['', `PVEAPIToken=${fake.user}!${fake.tokenName}=00000000-0000-0000-0000-000000000000`]) {
      const answer = await send('GET', '/nodes', { auth });
      expect(answer.status).toBe(401);
      expect(answer.type).toBeUndefined();
    }
    expect(fake.requests.map((r) => r.authorized)).toEqual([false, false]);
  });

  it('answers 501 for an unknown route or method', async () => {
    const unknown = await send('GET', '/nodes/pve/nothing');
    expect(unknown).toMatchObject({ status: 501, reason: "Method 'GET /nodes/pve/nothing' not implemented", json: { data: null } });
    expect((await send('POST', '/nodes')).status).toBe(501);
  });

  it('decodes the whole path before routing, as PVE does', async () => {
    const answer = await send('GET', '/nodes/pve%2Fstatus');
    expect(answer.status).toBe(200);
    expect(fake.requests[0]?.path).toBe('/nodes/pve/status');
  });

  it('verifies parameters against PVE’s schema: unknown keys, formats and required ones, recording each violation', async () => {
    const unknown = await send('POST', '/nodes/pve/vzdump', { body: 'vmid=100&exec=%2Ftmp%2Fx.sh' });
    expect(unknown.status).toBe(400);
    expect(unknown.reason).toBe('Parameter verification failed.');
    expect(unknown.json?.errors).toEqual({ exec: 'property is not defined in schema and the schema does not allow additional properties' });
    const badCompress = await send('POST', '/nodes/pve/vzdump', { body: 'vmid=100&compress=none' });
    expect(Object.keys(badCompress.json?.errors ?? {})).toEqual(['compress']);
    const badVmid = await send('GET', '/nodes/pve/qemu/0100/config');
    expect(badVmid.json?.errors).toEqual({ vmid: 'invalid format - value does not look like a valid VM ID' });
    const injected = await send('PUT', '/nodes/pve/qemu/100/config', { body: 'scsi1=local-lvm%3A10%2Cimport-from%3D%2Fetc%2Fshadow' });
    expect(Object.keys(injected.json?.errors ?? {})).toEqual(['scsi1']);
    const missing = await send('POST', '/nodes/pve/qemu/100/snapshot', { body: '' });
    expect(missing.json?.errors).toEqual({ snapname: 'property is missing and it is not optional' });
    expect(fake.violations.map((v) => `${v.method} ${v.path} ${Object.keys(v.errors).join(',')}`)).toEqual([
      'POST /nodes/pve/vzdump exec',
      'POST /nodes/pve/vzdump compress',
      'GET /nodes/pve/qemu/0100/config vmid',
      'PUT /nodes/pve/qemu/100/config scsi1',
      'POST /nodes/pve/qemu/100/snapshot snapname',
    ]);
  });

  it('checks property strings, ranges and PVE’s named formats as PVE does', async () => {
    const cases: Array<[string, string, string, string]> = [
      ['PUT', '/nodes/pve/lxc/200/config', 'net0=name%3Deth0%2Cbridge%3Dvmbr0%2Cip%3D10.0.0.5%2F7', 'net0'],
      ['PUT', '/nodes/pve/qemu/100/config', 'net0=virtio%2Cbridge%3Dvmbr0%2Ctag%3D4095', 'net0'],
      ['PUT', '/nodes/pve/qemu/100/config', 'net0=virtio%3D01%3A00%3A5E%3A00%3A00%3A01%2Cbridge%3Dvmbr0', 'net0'],
      ['PUT', '/nodes/pve/qemu/100/config', 'scsi31=local-lvm%3A1', 'scsi31'],
      ['PUT', '/nodes/pve/qemu/100/resize', 'disk=scsi0&size=10X', 'size'],
      ['POST', '/nodes/pve/lxc', 'vmid=300&ostemplate=local%3Abackup%2Fx.tar&rootfs=local-lvm%3A8%2Cmp%3D%2F..%2Fx', 'rootfs'],
      ['POST', '/nodes/pve/qemu', 'vmid=300&force=1', 'force'],
      ['POST', '/nodes/pve/qemu/100/snapshot', `snapname=${'a'.repeat(41)}`, 'snapname'],
    ];
    for (const [method, path, body, key] of cases) {
      const answer = await send(method, path, { body });
      expect(answer.status, `${method} ${path} ${body}`).toBe(400);
      expect(Object.keys(answer.json?.errors ?? {}), `${method} ${path} ${body}`).toEqual([key]);
    }
    expect(fake.violations).toHaveLength(cases.length);
    const ok = await send('PUT', '/nodes/pve/lxc/200/config', { body: 'net0=name%3Deth0%2Cbridge%3Dvmbr0%2Cip%3D10.0.0.5%2F8' });
    expect(ok.status).toBe(200);
  });

  it('has a route for every endpoint of pve-schema.json and no route outside it', () => {
    expect(ROUTES.map(endpointOf).sort()).toEqual(schemaEndpoints().sort());
    expect(Object.keys(PVE_VERSIONS).sort()).toEqual(['8.4.2', '9.1.3']);
  });

  it('answers as PVE’s proxy does for node failures (500 unknown, 595 offline) and 500 "does not exist" for a missing guest', async () => {
    expect(await send('GET', '/nodes/pve3/status')).toMatchObject({
      status: 500,
      reason: expect.stringMatching(/^hostname lookup 'pve3' failed/),
    });
    expect(await send('GET', '/nodes/pve2/status')).toMatchObject({ status: 595 });
    expect(await send('GET', '/nodes/pve/qemu/999/config')).toMatchObject({
      status: 500,
      reason: "Configuration file 'nodes/pve/qemu-server/999.conf' does not exist",
    });
    expect((await send('GET', '/nodes/pve/lxc/100/config')).status).toBe(500);
  });

  it('runs UPID tasks for the configured number of polls and applies the change when they stop', async () => {
    const started = await send('POST', '/nodes/pve/qemu/101/status/start');
    const upid = started.json?.data as string;
    expect(upid).toMatch(/^UPID:pve:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmstart:101:mcp@pve!mcp:$/);
    const poll = async () =>
      (await send('GET', `/nodes/pve/tasks/${encodeURIComponent(upid)}/status`)).json?.data as Record<string, unknown>;
    expect((await poll()).status).toBe('running');
    expect(fake.state.guests.find((g) => g.vmid === 101)?.status).toBe('stopped');
    expect(await poll()).toMatchObject({ status: 'stopped', exitstatus: 'OK', type: 'qmstart', id: '101', node: 'pve' });
    expect(fake.state.guests.find((g) => g.vmid === 101)?.status).toBe('running');
    const log = await send('GET', `/nodes/pve/tasks/${encodeURIComponent(upid)}/log?start=0&limit=10`);
    expect((log.json?.data as Array<{ t: string }>).at(-1)).toEqual({ n: 3, t: 'TASK OK' });
  });

  it('fails a task on request and leaves the state unchanged', async () => {
    fake.setTaskPolls(0);
    fake.failNextTask('start failed: QEMU exited with code 1');
    const upid = (await send('POST', '/nodes/pve/qemu/101/status/start')).json?.data as string;
    const status = (await send('GET', `/nodes/pve/tasks/${encodeURIComponent(upid)}/status`)).json?.data;
    expect(status).toMatchObject({ status: 'stopped', exitstatus: 'start failed: QEMU exited with code 1' });
    expect(fake.state.guests.find((g) => g.vmid === 101)?.status).toBe('stopped');
  });

  it('refuses an unparsable or unknown UPID', async () => {
    expect((await send('GET', '/nodes/pve/tasks/UPID:bad/status')).json?.errors).toEqual({ upid: 'unable to parse worker upid' });
    const unknown = await send(
      'GET',
      `/nodes/pve/tasks/${encodeURIComponent('UPID:pve:00000001:00000002:00000003:qmstart:100:root@pam:')}/status`,
    );
    expect(unknown.json?.errors).toEqual({ upid: 'no such task' });
  });

  it('records method, decoded path, query and body of every request', async () => {
    await send('GET', '/nodes/pve/storage/local/content?content=backup&vmid=100');
    await send('PUT', '/nodes/pve/qemu/100/config', { body: 'delete=net0' });
    expect(fake.requests.map(({ headers, ...rest }) => rest)).toEqual([
      { method: 'GET', path: '/nodes/pve/storage/local/content', query: { content: 'backup', vmid: '100' }, body: {}, authorized: true },
      { method: 'PUT', path: '/nodes/pve/qemu/100/config', query: {}, body: { delete: 'net0' }, authorized: true },
    ]);
    expect(fake.requests[1]?.headers).toMatchObject({ 'content-type': 'application/x-www-form-urlencoded' });
    expect(fake.requests[1]?.headers).not.toHaveProperty('authorization');
  });

  it('injects failures for matching requests only, a given number of times', async () => {
    fake.inject({ status: 403, reason: 'Permission check failed (/nodes/pve, Sys.Audit)', pathIncludes: '/status', times: 1 });
    expect((await send('GET', '/nodes')).status).toBe(200);
    expect(await send('GET', '/nodes/pve/status')).toMatchObject({
      status: 403,
      reason: 'Permission check failed (/nodes/pve, Sys.Audit)',
    });
    expect((await send('GET', '/nodes/pve/status')).status).toBe(200);
  });

  it("reports the token's permissions from state.permissions, the whole tree or in effect at one path", async () => {
    const tree = (await send('GET', '/access/permissions')).json?.data as Record<string, Record<string, number>>;
    expect(tree['/']).toMatchObject({ 'Sys.Audit': 1, 'VM.Audit': 1, 'VM.PowerMgmt': 1 });
    fake.state.permissions = { '/': { 'Sys.Audit': 1 }, '/vms/100': { 'VM.Audit': 1 } };
    expect((await send('GET', '/access/permissions')).json?.data).toEqual(fake.state.permissions);
    expect((await send('GET', '/access/permissions?path=%2Fvms%2F100')).json?.data).toEqual({
      '/vms/100': { 'Sys.Audit': 1, 'VM.Audit': 1 },
    });
    expect((await send('GET', '/access/permissions?path=%2Fvms%2F101')).json?.data).toEqual({ '/vms/101': { 'Sys.Audit': 1 } });
    fake.state.permissions = {};
    expect((await send('GET', '/access/permissions')).json).toEqual({ data: {} });
    expect((await send('GET', '/access/permissions', { auth: '' })).status).toBe(401);
  });

  it('answers as real PVE does where it is unkind', async () => {
    // A storage delete runs as a task whose id holds an `@`.
    const volid = 'local:backup/vzdump-qemu-100-2026_01_01-00_00_00.vma.zst';
    const deleted = await send('DELETE', `/nodes/pve/storage/local/content/${encodeURIComponent(volid)}`);
    expect(deleted.json?.data).toMatch(/^UPID:pve:[0-9A-F:]+:imgdel:100@local:mcp@pve!mcp:$/);
    // vzdump for a guest on another node: "OK", and no task.
    const vm = fake.state.guests.find((g) => g.vmid === 101);
    if (vm) vm.node = 'pve2';
    expect((await send('POST', '/nodes/pve/vzdump', { body: 'vmid=101&storage=local' })).json).toEqual({ data: 'OK' });
    expect(fake.state.tasks.size).toBe(1);
    // A NIC written without a MAC gets a new one.
    await send('PUT', '/nodes/pve/qemu/100/config', { body: 'net0=virtio%2Cbridge%3Dvmbr1' });
    const net0 = String(fake.state.guests.find((g) => g.vmid === 100)?.config.net0);
    expect(net0).toMatch(/^virtio=BC:24:11:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2},bridge=vmbr1$/);
    expect(net0).not.toContain('BC:24:11:00:01:00');
    // Sizes without a unit are bytes: "+10" grows by ten bytes, "64" is a shrink.
    fake.setTaskPolls(0);
    await send('PUT', '/nodes/pve/qemu/100/resize', { body: 'disk=scsi0&size=%2B10' });
    expect(fake.state.guests.find((g) => g.vmid === 100)?.config.scsi0).toBe(`local-lvm:vm-100-disk-0,size=${32 * 2 ** 30 + 10}`);
    expect(await send('PUT', '/nodes/pve/qemu/100/resize', { body: 'disk=scsi0&size=64' })).toMatchObject({
      status: 500,
      reason: 'shrinking disks is not supported',
    });
    // A write naming a stale digest is refused.
    const { digest } = (await send('GET', '/nodes/pve/qemu/100/config')).json?.data as { digest: string };
    await send('PUT', '/nodes/pve/qemu/100/config', { body: 'memory=8192' });
    const stale = await send('PUT', '/nodes/pve/qemu/100/config', { body: `memory=4096&digest=${digest}` });
    expect(stale).toMatchObject({ status: 500, reason: 'detected modified configuration - file changed by other user? Try again.' });
    // A long task log pages by line.
    fake.failNextTask('boom', { logLines: 1500 });
    const started = (await send('POST', '/nodes/pve/lxc/200/status/stop')).json?.data as string;
    const page = await send('GET', `/nodes/pve/tasks/${encodeURIComponent(started)}/log?start=1000&limit=1000`);
    expect((page.json?.data as Array<{ n: number; t: string }>).at(-1)).toEqual({ n: 1502, t: 'TASK ERROR: boom' });
    // A container restore without storage goes to `local`, which holds no container volumes here.
    const restore = await send('POST', '/nodes/pve/lxc', {
      body: `vmid=260&restore=1&ostemplate=${encodeURIComponent('local:backup/vzdump-lxc-200-2026_01_01-00_00_00.tar.zst')}`,
    });
    expect(restore).toMatchObject({ status: 500, reason: "storage 'local' does not support content-type 'rootdir'" });
    expect(fake.violations).toEqual([]);
  });

  it('exports environment variables that point the proxmox server at it', () => {
    expect(fake.env()).toEqual({
      PROXMOX_HOST: '127.0.0.1',
      PROXMOX_PORT: String(fake.port),
      PROXMOX_USER: 'mcp@pve',
      PROXMOX_TOKEN_NAME: 'mcp',
      PROXMOX_TOKEN_VALUE: fake.tokenSecret,
      PROXMOX_CA_FILE: fake.caFile,
    });
  });
});
