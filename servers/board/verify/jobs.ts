/**
 * Background runs keyed by name (one feature's verification, say), so a tool call can return within ~50 s and a
 * later call keeps waiting on the same run.
 *
 * API
 *   const jobs = new VerificationJobs<R>()
 *   jobs.start(key, (signal) => promise) → boolean   false (and nothing started) while a run for key is in flight
 *   jobs.wait(key, maxMs, { onTick?, tickMs?, signal? }) →
 *     { state: 'running', elapsedMs } | { state: 'done', result, finishedAt } | { state: 'failed', error } | { state: 'none' }
 *     resolves early when the run ends; onTick(elapsedMs) every tickMs (default 5 s) while waiting, for progress
 *     notifications; signal stops the WAIT only (the run goes on)
 *   jobs.running(key) → boolean, jobs.cancel(key) aborts a run, jobs.dispose() aborts every run (server shutdown)
 *   A finished run's outcome stays until the next start(key).
 */

export type JobState<R> =
  | { state: 'none' }
  | { state: 'running'; elapsedMs: number }
  | { state: 'done'; result: R; finishedAt: Date }
  | { state: 'failed'; error: unknown };

interface Job<R> {
  startedAt: number;
  controller: AbortController;
  promise: Promise<void>;
  outcome?: { ok: true; result: R; finishedAt: Date } | { ok: false; error: unknown };
}

export interface WaitOptions {
  onTick?: (elapsedMs: number) => void;
  tickMs?: number;
  signal?: AbortSignal;
}

export class VerificationJobs<R> {
  private readonly jobs = new Map<string, Job<R>>();

  start(key: string, run: (signal: AbortSignal) => Promise<R>): boolean {
    if (this.running(key)) return false;
    const controller = new AbortController();
    const job: Job<R> = { startedAt: Date.now(), controller, promise: Promise.resolve() };
    let running: Promise<R>;
    try {
      running = Promise.resolve(run(controller.signal));
    } catch (error) {
      running = Promise.reject(error);
    }
    job.promise = running.then(
      (result) => {
        job.outcome = { ok: true, result, finishedAt: new Date() };
      },
      (error: unknown) => {
        job.outcome = { ok: false, error };
      },
    );
    this.jobs.set(key, job);
    return true;
  }

  running(key: string): boolean {
    const job = this.jobs.get(key);
    return job !== undefined && job.outcome === undefined;
  }

  async wait(key: string, maxMs: number, opts: WaitOptions = {}): Promise<JobState<R>> {
    const job = this.jobs.get(key);
    if (!job) return { state: 'none' };
    if (!job.outcome) {
      const tickMs = opts.tickMs ?? 5000;
      let ticker: NodeJS.Timeout | undefined;
      let deadline: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      const stopWaiting = new Promise<void>((resolve) => {
        deadline = setTimeout(resolve, Math.max(0, maxMs));
        if (opts.onTick) ticker = setInterval(() => opts.onTick?.(Date.now() - job.startedAt), tickMs);
        onAbort = () => resolve();
        opts.signal?.addEventListener('abort', onAbort, { once: true });
      });
      try {
        await Promise.race([job.promise, stopWaiting]);
      } finally {
        clearTimeout(deadline);
        clearInterval(ticker);
        if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
      }
    }
    const outcome = job.outcome;
    if (!outcome) return { state: 'running', elapsedMs: Date.now() - job.startedAt };
    return outcome.ok
      ? { state: 'done', result: outcome.result, finishedAt: outcome.finishedAt }
      : { state: 'failed', error: outcome.error };
  }

  cancel(key: string): boolean {
    const job = this.jobs.get(key);
    if (!job || job.outcome) return false;
    job.controller.abort(new Error('verification cancelled'));
    return true;
  }

  dispose(): void {
    for (const job of this.jobs.values()) if (!job.outcome) job.controller.abort(new Error('server shutting down'));
  }
}
