import { randomBytes } from 'node:crypto';
import { type FSWatcher, mkdirSync, readdirSync, rmdirSync, statSync, unlinkSync, utimesSync, watch, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A ticket its waiter has not refreshed for this long belongs to a process that died: removed, never woken. */
const TICKET_STALE_MS = 2000;

/**
 * The processes waiting for one file lock (file-lock.ts), as a folder of tickets (one file per waiting process,
 * named by arrival). The holder wakes only the oldest live waiter when it lets go, by touching its ticket, which that
 * waiter watches: a hand-off wakes one process instead of every waiter (measured: with eight processes, watching the
 * lock's folder woke ~11 processes and cost ~4 failed lock attempts per hand-off). Every wait also ends after a
 * fallback timeout, so a missed or lost wake-up only costs time.
 */
export class LockQueue {
  constructor(private readonly dir: string) {}

  /** Joins the queue; the ticket wakes `onWake` when touched. */
  join(onWake: () => void): Ticket {
    const name = `${String(Date.now()).padStart(15, '0')}-${process.pid}-${randomBytes(4).toString('hex')}`;
    const path = join(this.dir, name);
    for (let attempt = 1; ; attempt++) {
      mkdirSync(this.dir, { recursive: true });
      try {
        writeFileSync(path, '', { flag: 'wx' });
        break;
      } catch (error) {
        // the last waiter leaving removed the empty folder between our mkdir and our write
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 5) throw error;
      }
    }
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(path, () => onWake());
      watcher.on('error', () => onWake());
    } catch {
      watcher = undefined; // e.g. out of inotify watches: the fallback timeout wakes us
    }
    return new Ticket(path, watcher);
  }

  /** Wakes the oldest live waiter (the lock was just released); removes the tickets of dead ones. */
  wakeNext(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir).sort();
    } catch {
      return; // nobody ever waited
    }
    const now = Date.now();
    for (const name of names) {
      const path = join(this.dir, name);
      try {
        if (now - statSync(path).mtimeMs > TICKET_STALE_MS) {
          unlinkSync(path);
          continue;
        }
        utimesSync(path, new Date(now), new Date(now));
        return;
      } catch {
        // its waiter just left: the next one
      }
    }
    removeIfEmpty(this.dir); // only dead waiters' tickets were left
  }
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // others still wait (ENOTEMPTY), or it is gone already
  }
}

export class Ticket {
  constructor(
    private readonly path: string,
    private readonly watcher: FSWatcher | undefined,
  ) {}

  /** Still waiting: keeps the ticket from looking abandoned. */
  refresh(): void {
    try {
      const now = new Date();
      utimesSync(this.path, now, now);
    } catch {
      // removed as stale after a long stall: wakeNext skips it, the fallback timeout still wakes us
    }
  }

  /** Leaves the queue; the last one out removes its folder (it is not empty while others wait). */
  leave(): void {
    this.watcher?.close();
    try {
      unlinkSync(this.path);
    } catch {
      // already removed
    }
    removeIfEmpty(dirname(this.path));
  }
}
