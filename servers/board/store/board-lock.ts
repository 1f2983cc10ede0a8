import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConflictError } from '../../../shared/errors.js';
import { LockQueue, type Ticket } from './lock-queue.js';

/** A holder that stopped refreshing its lock for this long died; the lock is taken over. */
const STALE_MS = 5000;
/** How long a call waits for the board before giving up. */
const WAIT_MS = 60_000;
/** A missed wake-up (a filesystem without change events, a waker that died) costs at most this. */
const FALLBACK_MS = 250;

/** One turn at a time per process: the calls of one server queue here instead of competing for the file lock. */
const turns = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` holding the board's inter-process lock (proper-lockfile's directory, refreshed while held, taken over
 * once stale — the same lock every server process and `withFileLock` use). Waiters do not poll: they queue (see
 * LockQueue) and the holder wakes the next one when it lets go.
 */
export function withBoardLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  const previous = turns.get(lockPath) ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(() => holdFileLock(lockPath, fn));
  const settled = mine.catch(() => undefined);
  turns.set(lockPath, settled);
  void settled.then(() => {
    if (turns.get(lockPath) === settled) turns.delete(lockPath);
  });
  return mine;
}

async function holdFileLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(dirname(lockPath), { recursive: true });
  const lockfile = await loadLockfile();
  const options = {
    realpath: false,
    lockfilePath: lockPath,
    stale: STALE_MS,
    update: STALE_MS / 2,
    retries: 0,
    // A starved event loop that misses a refresh must not kill the server (proper-lockfile's default throws).
    onCompromised: () => undefined,
  };
  const queue = new LockQueue(`${lockPath}.queue`);
  const deadline = Date.now() + WAIT_MS;
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
          release = await lockfile.lock(lockPath, options);
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
          if (Date.now() > deadline)
            throw new ConflictError(`The board stayed locked for ${WAIT_MS / 1000} s by another session; try again.`);
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
