import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../shared/errors.js';
import { VerificationJobs } from './jobs.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('VerificationJobs', () => {
  it('returns running when the wait ends first, and the result to a later wait', async () => {
    const jobs = new VerificationJobs<number>();
    const gate = deferred<number>();
    expect(jobs.start('f1', () => gate.promise)).toBe(true);
    expect(await jobs.wait('f1', 20)).toMatchObject({ state: 'running' });
    gate.resolve(42);
    expect(await jobs.wait('f1', 10_000)).toMatchObject({ state: 'done', result: 42 });
    expect(await jobs.wait('f1', 0)).toMatchObject({ state: 'done', result: 42 });
  });

  it('never runs two at once for one key, but runs other keys and restarts after completion', async () => {
    const jobs = new VerificationJobs<string>();
    const gate = deferred<string>();
    let calls = 0;
    const run = () => {
      calls++;
      return gate.promise;
    };
    expect(jobs.start('f1', run)).toBe(true);
    expect(jobs.start('f1', run)).toBe(false);
    expect(jobs.start('f2', async () => 'other')).toBe(true);
    expect(calls).toBe(1);
    gate.resolve('first');
    await jobs.wait('f1', 10_000);
    expect(jobs.running('f1')).toBe(false);
    expect(jobs.start('f1', async () => 'second')).toBe(true);
    expect(await jobs.wait('f1', 10_000)).toMatchObject({ state: 'done', result: 'second' });
    expect(await jobs.wait('f2', 10_000)).toMatchObject({ state: 'done', result: 'other' });
  });

  it('reports a failed run with its error and none for unknown keys', async () => {
    const jobs = new VerificationJobs<void>();
    const error = new ConflictError('no worktree');
    jobs.start('f1', async () => {
      throw error;
    });
    expect(await jobs.wait('f1', 10_000)).toEqual({ state: 'failed', error });
    expect(await jobs.wait('nope', 10)).toEqual({ state: 'none' });
  });

  it('ticks while waiting and stops waiting (not running) when the wait is cancelled', async () => {
    const jobs = new VerificationJobs<number>();
    const gate = deferred<number>();
    jobs.start('f1', () => gate.promise);
    const ticks: number[] = [];
    const controller = new AbortController();
    const waiting = jobs.wait('f1', 60_000, {
      tickMs: 10,
      onTick: (ms) => {
        ticks.push(ms);
        if (ticks.length === 3) controller.abort();
      },
      signal: controller.signal,
    });
    expect(await waiting).toMatchObject({ state: 'running' });
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(jobs.running('f1')).toBe(true);
    gate.resolve(1);
    expect(await jobs.wait('f1', 10_000)).toMatchObject({ state: 'done', result: 1 });
  });

  it('cancel and dispose abort the run through its signal', async () => {
    const jobs = new VerificationJobs<string>();
    const untilAborted = (signal: AbortSignal) =>
      new Promise<string>((resolve) => signal.addEventListener('abort', () => resolve('aborted'), { once: true }));
    jobs.start('a', untilAborted);
    jobs.start('b', untilAborted);
    expect(jobs.cancel('a')).toBe(true);
    expect(await jobs.wait('a', 10_000)).toMatchObject({ state: 'done', result: 'aborted' });
    jobs.dispose();
    expect(await jobs.wait('b', 10_000)).toMatchObject({ state: 'done', result: 'aborted' });
    expect(jobs.cancel('b')).toBe(false);
  });
});
