import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { ConflictError } from './errors.js';
import { LockQueue, type Ticket } from './lock-queue.js';

export interface LockOptions {
  /** A lock whose holder stopped refreshing it for this long is taken over (the holder died). */
  staleMs?: number;
  /** How long to wait before giving up. */
  waitMs?: number;
  /** The error's sentence when the wait runs out (default: names the lock file and the wait). */
  busyMessage?: string;
}

/** A missed wake-up (a filesystem without change events, a waker that died) costs at most this. */
const FALLBACK_MS = 250;

/**
 * Runs `fn` while holding an inter-process lock: proper-lockfile's directory, created atomically, refreshed while
 * held, taken over once stale. Waiters do not poll: they queue (LockQueue, `<lock>.queue/`) and the holder wakes the
 * oldest one when it lets go. Every read-modify-write of shared state runs inside one.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? 5000;
  const waitMs = options.waitMs ?? 30_000;
  await mkdir(dirname(lockPath), { recursive: true });
  const lockfile = await loadLockfile();
  const lockOptions = {
    realpath: false,
    lockfilePath: lockPath,
    stale: staleMs,
    update: Math.max(1000, Math.floor(staleMs / 2)),
    retries: 0,
    // proper-lockfile's default throws from a timer, killing the process, when a starved event loop misses a
    // refresh; losing the lock's exclusivity for a moment is the lesser harm for a server of many sessions.
    onCompromised: () => undefined,
  };
  const queue = new LockQueue(`${lockPath}.queue`);
  const deadline = Date.now() + waitMs;
  let ticket: Ticket | undefined;
  let woken = false;
  let wake: (() => void) | undefined;
  let release: () => Promise<void>;
  // A try costs proper-lockfile two file-system round trips and an error when it fails: it is made only when the
  // lock looks free, and after each fallback timeout (only a try finds a stale lock).
  let tryNow = true;
  try {
    for (;;) {
      if (tryNow || !existsSync(lockPath)) {
        try {
          release = await lockfile.lock(lockPath, lockOptions);
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
          if (Date.now() > deadline) {
            throw new ConflictError(
              options.busyMessage ?? `${basename(lockPath)} stayed locked by another process for ${waitMs / 1000} s; try again.`,
            );
          }
        }
      }
      tryNow = false;
      if (!ticket) {
        ticket = queue.join(() => {
          woken = true;
          wake?.();
        });
        continue; // the holder may have left before our ticket was there to be woken
      }
      if (!woken) {
        tryNow = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(true), FALLBACK_MS);
          wake = () => {
            clearTimeout(timer);
            resolve(false);
          };
        });
        wake = undefined;
      }
      if (tryNow) ticket.refresh();
      woken = false;
    }
  } finally {
    ticket?.leave();
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
    queue.wakeNext();
  }
}

let lockfileModule: Promise<typeof import('proper-lockfile')> | undefined;

/** Loaded on first use, not at start-up. */
function loadLockfile(): Promise<typeof import('proper-lockfile')> {
  lockfileModule ??= import('proper-lockfile').then((module) => module.default);
  return lockfileModule;
}
