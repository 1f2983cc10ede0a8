import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface LockOptions {
  /** A lock whose holder stopped refreshing it for this long is taken over (the holder died). */
  staleMs?: number;
  /** How long to keep trying before giving up. */
  waitMs?: number;
}

/**
 * Runs `fn` while holding an inter-process lock (a directory created atomically by proper-lockfile, refreshed
 * while held, taken over once stale). Every read-modify-write of shared state runs inside one.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  await mkdir(dirname(lockPath), { recursive: true });
  const staleMs = options.staleMs ?? 5000;
  const waitMs = options.waitMs ?? 30_000;
  const { default: lockfile } = await import('proper-lockfile'); // loaded on first use, not at start-up
  const release = await lockfile.lock(lockPath, {
    realpath: false,
    lockfilePath: lockPath,
    stale: staleMs,
    update: Math.max(1000, Math.floor(staleMs / 2)),
    retries: { retries: Math.ceil(waitMs / 25), minTimeout: 2, maxTimeout: 50, factor: 1.3, randomize: true },
    // proper-lockfile's default throws from a timer, killing the process, when a starved event loop misses a
    // refresh; losing the lock's exclusivity for a moment is the lesser harm for a server of many sessions.
    onCompromised: () => undefined,
  });
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
