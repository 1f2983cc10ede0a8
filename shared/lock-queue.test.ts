import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../testing/wait-for.js';
import { LockQueue, type Ticket } from './lock-queue.js';

let dir: string;
const tickets: Ticket[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lock-queue-'));
});
afterEach(() => {
  for (const ticket of tickets.splice(0)) ticket.leave();
  rmSync(dir, { recursive: true, force: true });
});

/** A waiter as a process would queue: a ticket, and how often it was woken. */
async function waiter(queue: LockQueue): Promise<{ ticket: Ticket; wakes: () => number }> {
  let wakes = 0;
  const ticket = queue.join(() => wakes++);
  tickets.push(ticket);
  await new Promise((resolve) => setTimeout(resolve, 5)); // arrival order is the ticket's name: one per millisecond
  return { ticket, wakes: () => wakes };
}

describe('the queue of processes waiting for a file lock', () => {
  it('wakes only the oldest waiter at each hand-off, in order of arrival', async () => {
    const queue = new LockQueue(join(dir, 'lock.queue'));
    const [first, second, third] = [await waiter(queue), await waiter(queue), await waiter(queue)];
    queue.wakeNext();
    await waitFor('the first waiter to be woken', () => first.wakes() > 0);
    first.ticket.leave();
    queue.wakeNext();
    await waitFor('the second waiter to be woken', () => second.wakes() > 0);
    // change events arrive in order: had the third been woken by either hand-off, it would have been seen by now
    expect(third.wakes()).toBe(0);
    expect(readdirSync(join(dir, 'lock.queue'))).toHaveLength(2);
  });

  it('removes the ticket of a waiter that died and wakes the next live one', async () => {
    const queue = new LockQueue(join(dir, 'lock.queue'));
    const live = await waiter(queue);
    // what a killed process leaves: a ticket older than the live one, refreshed by nobody
    const dead = join(dir, 'lock.queue', `${String(Date.now() - 10_000).padStart(15, '0')}-999999-deadbeef`);
    writeFileSync(dead, '');
    const old = new Date(Date.now() - 10_000);
    utimesSync(dead, old, old);
    queue.wakeNext();
    await waitFor('the live waiter to be woken', () => live.wakes() > 0);
    expect(existsSync(dead)).toBe(false);
    // with only a dead waiter's ticket left, the hand-off removes it and the folder
    live.ticket.leave();
    mkdirSync(join(dir, 'lock.queue'), { recursive: true });
    writeFileSync(dead, '');
    utimesSync(dead, old, old);
    queue.wakeNext();
    expect(existsSync(join(dir, 'lock.queue'))).toBe(false);
  });

  it('leaves nothing behind (the last one out removes the folder), and a hand-off with nobody waiting changes nothing', async () => {
    const queue = new LockQueue(join(dir, 'lock.queue'));
    queue.wakeNext();
    expect(existsSync(join(dir, 'lock.queue'))).toBe(false);
    const [one, two] = [await waiter(queue), await waiter(queue)];
    one.ticket.refresh();
    one.ticket.leave();
    expect(readdirSync(join(dir, 'lock.queue'))).toHaveLength(1);
    two.ticket.leave();
    expect(existsSync(join(dir, 'lock.queue'))).toBe(false);
    // a waiter arriving after the folder went makes it again
    const three = await waiter(queue);
    expect(readdirSync(join(dir, 'lock.queue'))).toHaveLength(1);
    three.ticket.leave();
  });
});
