import { changedOnDiskNow, type FileVersion } from './feature-file.js';
import type { SweepLease } from './sweep-lease.js';

/**
 * How often a slice of the board is checked, and how much of it: a full round takes ROUND_MS up to the cap (4,000
 * stats a second: 12.5 s at 50,000). The stats are synchronous — a few microseconds each on a local disk, against
 * ~50 µs of CPU through libuv's thread pool (measured: 37 ms of CPU a second at 2,000 features that way) — and a
 * tick stops after TICK_BUDGET_MS, so a slow filesystem delays the round instead of the requests.
 */
const TICK_MS = 100;
const ROUND_MS = 3000;
/** A session's own round while another holds the sweep: a safety net, so it may go slowly. */
const OWN_ROUND_MS = 15_000;
const MAX_STATS_PER_TICK = 400;
const TICK_BUDGET_MS = 5;
/** A server nobody called for this long stops checking (an idle session costs nothing). */
const IDLE_MS = 60_000;

export interface CheckedBoard {
  ids(): string[];
  known(id: string): FileVersion | undefined;
  file(id: string): string;
  /** Features whose file is not the version held: re-read them, and tell the other sessions. */
  changed(ids: string[]): Promise<void>;
}

/**
 * Finds edits made outside the server (no journal line): compares every feature.json's stat with what is held,
 * a slice per tick, and re-reads the files that differ. Runs off the request path, with few files open.
 *
 * Each session makes one round of its own after it loads or comes back from idle (what it holds may be older than
 * what the others hold); after that only the holder of the sweep lease goes on, and what it finds goes into the
 * journal, so N sessions on one board pay for one sweep.
 */
export class BackgroundCheck {
  private timer?: NodeJS.Timeout;
  private order: string[] = [];
  private cursor = 0;
  private lastUsed = Date.now();
  /** The tick in progress. */
  private running?: Promise<void>;
  private ownRoundDue = true;
  private roundMs = ROUND_MS;

  constructor(
    private readonly board: CheckedBoard,
    private readonly lease: SweepLease,
  ) {}

  touch(): void {
    if (this.idle()) this.ownRoundDue = true;
    this.lastUsed = Date.now();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => {
        this.running = undefined;
      });
    }, TICK_MS);
    this.timer.unref();
  }

  /** Stops ticking; resolves once the tick in progress has ended and the lease is given back. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.lease.close();
  }

  private idle(): boolean {
    return Date.now() - this.lastUsed > IDLE_MS;
  }

  private async tick(): Promise<void> {
    try {
      if (this.idle()) return await this.lease.giveUp();
      if (this.cursor >= this.order.length) {
        const leading = await this.lease.hold();
        if (!this.ownRoundDue && !leading) return;
        this.ownRoundDue = false;
        this.roundMs = leading ? ROUND_MS : OWN_ROUND_MS;
        this.order = this.board.ids();
        this.cursor = 0;
      }
      const perTick = Math.min(MAX_STATS_PER_TICK, Math.ceil((this.order.length * TICK_MS) / this.roundMs));
      const end = Math.min(this.order.length, this.cursor + perTick);
      const started = performance.now();
      const changed: string[] = [];
      while (this.cursor < end && performance.now() - started < TICK_BUDGET_MS) {
        const id = this.order[this.cursor++] as string;
        if (changedOnDiskNow(this.board.file(id), this.board.known(id))) changed.push(id);
      }
      if (changed.length > 0) await this.board.changed(changed);
    } catch {
      // The next tick tries again; a request in the meantime reports any lasting error itself.
    }
  }
}
