/**
 * Runs the repository's check command (from BOARD_VERIFY_COMMAND or settings — never from tool input; this module
 * just takes the string) in a feature's worktree.
 *
 * API
 *   runCheck({ command, cwd, timeoutMs, signal?, onOutput?, env?, killGraceMs? })
 *     → { exitCode, passed, durationMs, outputTail, timedOut, signal? }
 *   `sh -c <command>` in its own process group (detached). On timeout or abort the WHOLE group gets SIGTERM, then
 *   SIGKILL after killGraceMs (default 2 s); when the command ends on its own, anything it left running in its group
 *   is killed too, so a check never leaves processes behind. passed = exit code 0 and not timed out / aborted.
 *   outputTail = the last 80 lines (≤ 6,000 characters) of stdout and stderr interleaved.
 */
import { spawn } from 'node:child_process';
import { tail } from '../../../shared/untrusted.js';

export interface CheckOptions {
  command: string;
  cwd: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onOutput?: (chunk: string) => void;
  env?: NodeJS.ProcessEnv;
  killGraceMs?: number;
}

export interface CheckResult {
  exitCode: number | null;
  passed: boolean;
  durationMs: number;
  outputTail: string;
  timedOut: boolean;
  aborted?: boolean;
  signal?: string;
}

const KEEP_CHARS = 64_000;

export function runCheck(opts: CheckOptions): Promise<CheckResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      resolve({ exitCode: null, passed: false, durationMs: 0, outputTail: '', timedOut: false, aborted: true });
      return;
    }
    const child = spawn('sh', ['-c', opts.command], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timedOut = false;
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;

    const killGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is already gone
      }
    };
    const stop = (): void => {
      killGroup('SIGTERM');
      killTimer ??= setTimeout(() => killGroup('SIGKILL'), opts.killGraceMs ?? 2000);
    };
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-KEEP_CHARS);
      opts.onOutput?.(text);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);

    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, opts.timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      stop();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    // The shell is done: whatever it left in its group would keep the pipes open (and the machine busy).
    child.on('exit', () => killGroup('SIGKILL'));
    child.on('error', (error) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({
        exitCode: code,
        passed: code === 0 && !timedOut && !aborted,
        durationMs: Math.round(performance.now() - started),
        outputTail: tail(output.replace(/\n$/, ''), 80, 6000),
        timedOut,
        ...(aborted ? { aborted } : {}),
        ...(signal ? { signal } : {}),
      });
    });
  });
}
