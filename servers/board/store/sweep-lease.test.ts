import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SweepLease } from './sweep-lease.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sweep-lease-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the lease on the background check', () => {
  it('is held by one session at a time and passes on when its holder gives it up', async () => {
    const path = join(dir, '.features.sweep');
    const first = new SweepLease(path);
    const second = new SweepLease(path);
    expect(await first.hold()).toBe(true);
    expect(await second.hold()).toBe(false);
    await first.close();
    expect(existsSync(path)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a session that was refused asks again after a second
    expect(await second.hold()).toBe(true);
    await second.close();
  });

  it('is not kept by a session closed while it was asking for it', async () => {
    const path = join(dir, '.features.sweep');
    const lease = new SweepLease(path);
    const asking = lease.hold();
    await lease.close();
    await asking;
    expect(existsSync(path)).toBe(false);
    expect(await lease.hold()).toBe(false);
  });
});
