import { rm } from 'node:fs/promises';
import { writeJsonAtomic } from '../../../shared/atomic-json.js';
import { tryFileLock } from '../../../shared/file-lock.js';
import type { Logger } from '../../../shared/logger.js';
import type { GatewayConnection } from './connection.js';

export interface ElectionOptions {
  /** The lock (a directory proper-lockfile creates atomically) every process on this state directory contends for. */
  lockPath: string;
  /** Where the holder writes its pid, for diagnostics (and tests that kill the holder). */
  holderFile: string;
  /** Opens the connection; `lost` is called if it later dies for good (the election then lets go and retries). */
  connect(lost: (reason: string) => void): Promise<GatewayConnection>;
  log: Logger;
  /** How often a candidate tries to take the lock. */
  retryMs?: number;
  /** A holder that stops refreshing the lock for this long is dead; another process takes over. */
  staleMs?: number;
  /** Pause after a failed connection before trying again. */
  failureBackoffMs?: number;
}

/**
 * Lock-elected ownership of the one gateway connection. Every process that needs approval clicks becomes a
 * candidate; the one holding the lock connects, the others retry every second or so. If the holder dies its
 * lock goes stale within `staleMs` and a candidate takes over; if the holder loses the lock (it stalled past
 * `staleMs`), it disconnects at once so two gateways never answer the same click.
 */
export class GatewayElection {
  private started = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private release: (() => Promise<void>) | undefined;
  private connection: GatewayConnection | undefined;
  private readonly retryMs: number;
  private readonly staleMs: number;
  /** How many times this candidate tried to take the lock (diagnostics). */
  attempts = 0;
  /** How many held connections died for good (diagnostics). */
  lostCount = 0;

  constructor(private readonly options: ElectionOptions) {
    this.retryMs = options.retryMs ?? 1000;
    this.staleMs = options.staleMs ?? 5000;
  }

  get holding(): boolean {
    return this.release !== undefined;
  }

  get connected(): boolean {
    return this.connection !== undefined;
  }

  /** Becomes a candidate (idempotent). Never blocks the caller. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    void this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.relinquish();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.attempt(), ms + Math.floor(Math.random() * 250));
    this.timer.unref();
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    if (this.holding) return this.schedule(this.retryMs);
    try {
      if (!(await this.acquire())) return this.schedule(this.retryMs);
      let opened: GatewayConnection | undefined;
      opened = await this.options.connect((reason) => void this.lost(opened, reason));
      this.connection = opened;
      if (this.stopped) await this.relinquish();
      this.schedule(this.retryMs);
    } catch (error) {
      this.options.log.error({ err: error }, 'could not open the discord gateway; will retry');
      await this.relinquish();
      this.schedule(this.options.failureBackoffMs ?? 30_000);
    }
  }

  /** A connection that died for good: give up the lock (another process may do better) and try again later. */
  private async lost(connection: GatewayConnection | undefined, reason: string): Promise<void> {
    if (!connection || connection !== this.connection) return;
    this.lostCount += 1;
    this.options.log.error({ reason }, 'the discord gateway closed for good; letting go and retrying');
    clearTimeout(this.timer);
    await this.relinquish();
    this.schedule(this.options.failureBackoffMs ?? 30_000);
  }

  private async acquire(): Promise<boolean> {
    this.attempts += 1;
    this.release = await tryFileLock(this.options.lockPath, {
      staleMs: this.staleMs,
      updateMs: Math.max(250, Math.floor(this.staleMs / 4)),
      onCompromised: (error) => {
        this.options.log.warn({ err: error }, 'lost the gateway lock; disconnecting');
        this.release = undefined;
        void this.disconnect();
      },
    });
    if (!this.release) return false;
    await writeJsonAtomic(this.options.holderFile, { pid: process.pid, since: new Date().toISOString() });
    this.options.log.info('holding the discord gateway lock');
    return true;
  }

  private async disconnect(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
  }

  private async relinquish(): Promise<void> {
    await this.disconnect();
    const release = this.release;
    this.release = undefined;
    if (release) {
      await rm(this.options.holderFile, { force: true }).catch(() => undefined);
      await release().catch(() => undefined);
    }
  }
}
