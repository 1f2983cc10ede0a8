import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { startHarness } from './harness.js';

describe('the harness and PVE’s schema', () => {
  it('a request PVE would refuse fails the test that sent it: the fake answers 400 and closing the harness throws', async () => {
    const h = await startHarness();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: h.fake.host,
          port: h.fake.port,
          method: 'POST',
          path: '/api2/json/nodes/pve/vzdump',
          ca: readFileSync(h.fake.caFile),
          headers: {
            authorization: `PVEAPIToken=${h.fake.user}!${h.fake.tokenName}=${h.fake.tokenSecret}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end('vmid=100&compress=none');
    });
    expect(status).toBe(400);
    await expect(h.close()).rejects.toThrow(/requests PVE would refuse/);
  });
});
