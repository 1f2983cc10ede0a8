import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from './run-check.js';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'board-check-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A process is gone when kill(0) fails or /proc says it is a zombie (no init reaps it in some containers). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const readPid = (file: string): number => Number(readFileSync(file, 'utf8').trim());

describe('runCheck', () => {
  it('passes on exit code 0, in the given folder, with the output tail', async () => {
    const result = await runCheck({ command: 'pwd; echo ok from check', cwd: dir, timeoutMs: 20_000 });
    expect(result).toMatchObject({ exitCode: 0, passed: true, timedOut: false });
    expect(result.outputTail).toContain(dir);
    expect(result.outputTail).toContain('ok from check');
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('fails on a non-zero exit code, keeping stderr', async () => {
    const result = await runCheck({ command: 'echo broken >&2; exit 3', cwd: dir, timeoutMs: 20_000 });
    expect(result).toMatchObject({ exitCode: 3, passed: false, timedOut: false });
    expect(result.outputTail).toContain('broken');
  });

  it('keeps only the last 80 lines and streams output as it comes', async () => {
    const chunks: string[] = [];
    const result = await runCheck({ command: 'seq 1 500', cwd: dir, timeoutMs: 20_000, onOutput: (c) => chunks.push(c) });
    const lines = result.outputTail.trim().split('\n');
    expect(lines).toHaveLength(80);
    expect(lines.at(-1)).toBe('500');
    expect(chunks.join('')).toContain('\n1\n'.slice(1));
  });

  it('on timeout kills the whole process tree, children included', async () => {
    const pidFile = join(dir, 'timeout-child.pid');
    const command = `sh -c 'trap "" TERM; echo $$ > ${pidFile}; while true; do sleep 1; done' & wait`;
    const run = runCheck({ command, cwd: dir, timeoutMs: 1500, killGraceMs: 500 });
    await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
    const child = readPid(pidFile);
    const result = await run;
    expect(result).toMatchObject({ passed: false, timedOut: true });
    await until(() => !alive(child));
  });

  it('kills what the command left running in the background when it ends', async () => {
    const pidFile = join(dir, 'orphan.pid');
    const result = await runCheck({ command: `sleep 60 & echo $! > ${pidFile}; echo done`, cwd: dir, timeoutMs: 20_000 });
    expect(result).toMatchObject({ exitCode: 0, passed: true });
    await until(() => !alive(readPid(pidFile)));
  });

  it('on abort kills the tree and reports it did not pass', async () => {
    const pidFile = join(dir, 'abort-child.pid');
    const controller = new AbortController();
    const run = runCheck({ command: `sleep 60 & echo $! > ${pidFile}; wait`, cwd: dir, timeoutMs: 60_000, signal: controller.signal });
    await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
    controller.abort();
    const result = await run;
    expect(result).toMatchObject({ passed: false, timedOut: false, aborted: true });
    await until(() => !alive(readPid(pidFile)));
  });

  it('does not start when already aborted', async () => {
    const marker = join(dir, 'never');
    const controller = new AbortController();
    controller.abort();
    const result = await runCheck({ command: `touch ${marker}`, cwd: dir, timeoutMs: 20_000, signal: controller.signal });
    expect(result).toMatchObject({ passed: false, aborted: true });
    expect(existsSync(marker)).toBe(false);
  });
});
