import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../testing/wait-for.js';
import { ConflictError } from './errors.js';
import { withFileLock } from './file-lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'file-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function gate() {
  let open!: () => void;
  const closed = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { closed, open };
}

describe('withFileLock (worktrees, discord approvals, and the board underneath its own turns)', () => {
  it('queues a waiter as a ticket instead of polling, lets it in when the holder leaves, and leaves nothing behind', async () => {
    const lock = join(dir, 'state.lock');
    const held = gate();
    const order: string[] = [];
    const first = withFileLock(lock, async () => {
      order.push('first in');
      await held.closed;
      order.push('first out');
    });
    await waitFor('the first call to hold the lock', () => order.length === 1);
    const second = withFileLock(lock, async () => {
      order.push('second');
    });
    await waitFor('the second call to queue', () => existsSync(`${lock}.queue`) && readdirSync(`${lock}.queue`).length === 1);
    held.open();
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('gives up after waitMs with a ConflictError that names the lock, and leaves the holder its lock', async () => {
    const lock = join(dir, 'state.lock');
    const held = gate();
    let holding = false;
    const holder = withFileLock(lock, async () => {
      holding = true;
      await held.closed;
    });
    await waitFor('the holder', () => holding);
    const error = await withFileLock(lock, async () => 'never', { waitMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe('state.lock stayed locked by another process for 0.3 s; try again.');
    expect(existsSync(lock)).toBe(true);
    held.open();
    await holder;
    expect(readdirSync(dir)).toEqual([]);
  });
});
