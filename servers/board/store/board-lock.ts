import { withFileLock } from '../../../shared/file-lock.js';

/** A holder that stopped refreshing its lock for this long died; the lock is taken over. */
const STALE_MS = 5000;
/** How long a call waits for the board before giving up. */
const WAIT_MS = 60_000;

/** One turn at a time per process: the calls of one server queue here instead of competing for the file lock. */
const turns = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` holding the board's inter-process lock (withFileLock: proper-lockfile's directory, waiters queued and
 * woken one at a time), after this process's earlier calls on the same board.
 */
export function withBoardLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  const previous = turns.get(lockPath) ?? Promise.resolve();
  const mine = previous
    .catch(() => undefined)
    .then(() =>
      withFileLock(lockPath, fn, {
        staleMs: STALE_MS,
        waitMs: WAIT_MS,
        busyMessage: `The board stayed locked for ${WAIT_MS / 1000} s by another session; try again.`,
      }),
    );
  const settled = mine.catch(() => undefined);
  turns.set(lockPath, settled);
  void settled.then(() => {
    if (turns.get(lockPath) === settled) turns.delete(lockPath);
  });
  return mine;
}
