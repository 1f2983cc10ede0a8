import { forEachBounded } from './bounded.js';
import { type FileVersion, sameFile, statFeatureFile } from './feature-file.js';

/**
 * How often a slice of the board is checked, and how much of it: a full round takes ROUND_MS up to the cap (4,000
 * stats a second: 12.5 s at 50,000). Small slices, two at a time, leave libuv's file threads free for requests.
 */
const TICK_MS = 100;
const ROUND_MS = 3000;
const MAX_STATS_PER_TICK = 400;
const IN_FLIGHT = 2;
/** A server nobody called for this long stops checking (an idle session costs nothing). */
const IDLE_MS = 60_000;

export interface CheckedBoard {
  ids(): string[];
  known(id: string): FileVersion | undefined;
  file(id: string): string;
  reload(ids: string[]): Promise<void>;
}

/**
 * Finds edits made outside the server (no journal line): compares every feature.json's stat with what is held,
 * a slice per tick, and re-reads the files that differ. Runs off the request path, with few files open.
 */
export class BackgroundCheck {
  private timer?: NodeJS.Timeout;
  private order: string[] = [];
  private cursor = 0;
  private lastUsed = Date.now();
  private running = false;

  constructor(private readonly board: CheckedBoard) {}

  touch(): void {
    this.lastUsed = Date.now();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.running || Date.now() - this.lastUsed > IDLE_MS) return;
    this.running = true;
    try {
      if (this.cursor >= this.order.length) {
        this.order = this.board.ids();
        this.cursor = 0;
      }
      const perTick = Math.min(MAX_STATS_PER_TICK, Math.ceil((this.order.length * TICK_MS) / ROUND_MS));
      const slice = this.order.slice(this.cursor, this.cursor + perTick);
      this.cursor += slice.length;
      const changed: string[] = [];
      await forEachBounded(slice, IN_FLIGHT, async (id) => {
        const info = await statFeatureFile(this.board.file(id));
        const known = this.board.known(id);
        if (info ? !known || !sameFile(known, info) : known) changed.push(id);
      });
      if (changed.length > 0) await this.board.reload(changed);
    } catch {
      // The next tick tries again; a request in the meantime reports any lasting error itself.
    } finally {
      this.running = false;
    }
  }
}
