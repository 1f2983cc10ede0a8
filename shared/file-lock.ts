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

/** Where the processes waiting for this lock queue (a folder beside it, removed when nobody waits). */
export function lockQueuePath(lockPath: string): string {
  return `${lockPath}.queue`;
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
  const queue = new LockQueue(lockQueuePath(lockPath));
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
        const held = await tryFileLock(lockPath, { staleMs });
        if (held) {
          release = held;
          break;
        }
        if (Date.now() > deadline) {
          throw new ConflictError(
            options.busyMessage ?? `${basename(lockPath)} stayed locked by another process for ${waitMs / 1000} s; try again.`,
          );
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

export interface TryLockOptions {
  staleMs: number;
  /** How often the holder refreshes the lock (default: half of staleMs, at least 1 s). */
  updateMs?: number;
  /**
   * The lock was lost while held (the event loop stalled past staleMs, another process took it over). Default:
   * nothing — proper-lockfile's own default throws from a timer and kills the process, and losing the lock's
   * exclusivity for a moment is the lesser harm for a server of many sessions.
   */
  onCompromised?: (error: Error) => void;
}

/**
 * One try, never waiting: the release function when the lock was free (or stale), undefined when another process
 * holds it. Other errors (the folder is not writable…) are thrown.
 */
export async function tryFileLock(lockPath: string, options: TryLockOptions): Promise<(() => Promise<void>) | undefined> {
  await mkdir(dirname(lockPath), { recursive: true });
  const lockfile = await loadLockfile();
  try {
    return await lockfile.lock(lockPath, {
      realpath: false,
      lockfilePath: lockPath,
      stale: options.staleMs,
      update: options.updateMs ?? Math.max(1000, Math.floor(options.staleMs / 2)),
      retries: 0,
      onCompromised: options.onCompromised ?? (() => undefined),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return undefined;
    throw error;
  }
}

let lockfileModule: Promise<typeof import('proper-lockfile')> | undefined;

/** Loaded on first use, not at start-up. */
function loadLockfile(): Promise<typeof import('proper-lockfile')> {
  lockfileModule ??= import('proper-lockfile').then((module) => module.default);
  return lockfileModule;
}
