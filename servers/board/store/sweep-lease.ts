import { tryFileLock } from '../../../shared/file-lock.js';

/** A holder that stopped refreshing for this long died; another process takes the sweep over. */
const STALE_MS = 5000;
/** A process that does not hold the lease asks again at most this often (one mkdir). */
const ASK_EVERY_MS = 1000;

/**
 * Which of the processes on one board checks every file for outside edits: one at a time, so eight sessions cost
 * one sweep, not eight (the holder puts what it finds in the journal, which every session follows). The same
 * kind of lock as the board's (shared/file-lock.ts: refreshed while held, taken over once stale, removed when the
 * process exits); only ever tried, never waited for.
 */
export class SweepLease {
  private held = false;
  private closed = false;
  private askedAt = 0;
  private release?: () => Promise<void>;

  constructor(private readonly path: string) {}

  /** Whether this process holds the lease now, taking it when it is free. */
  async hold(): Promise<boolean> {
    if (this.closed || this.held || Date.now() - this.askedAt < ASK_EVERY_MS) return this.held;
    this.askedAt = Date.now();
    try {
      this.release = await tryFileLock(this.path, {
        staleMs: STALE_MS,
        onCompromised: () => {
          this.held = false;
          this.release = undefined;
        },
      });
    } catch {
      this.release = undefined; // the folder is not writable: our own first round still runs
    }
    this.held = this.release !== undefined; // else another process sweeps
    if (this.held && this.closed) await this.giveUp(); // closed while asking
    return this.held;
  }

  /** For good: a lease being asked for right now is given up as soon as it is had. */
  async close(): Promise<void> {
    this.closed = true;
    await this.giveUp();
  }

  /** Gives the sweep to another process (an idle session; it may ask again once called). */
  async giveUp(): Promise<void> {
    const release = this.release;
    this.held = false;
    this.release = undefined;
    this.askedAt = 0;
    await release?.().catch(() => undefined);
  }
}
