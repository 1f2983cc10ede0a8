// Runs a command for a test and, when it does not end as expected, fails with everything needed to see why:
// the command, how it ended, and the tail of what it printed (a bare "Command failed" helps nobody).
import { execFile } from 'node:child_process';

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunCommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The exit code the test expects (default 0); any other ending fails with the command's output. */
  expectCode?: number;
  /** A ceiling, not a budget: how long to wait before giving up on a command that hangs (default 10 minutes). */
  ceilingMs?: number;
}

const TAIL = 6_000;

export function describeEnding(command: string, result: CommandResult, why: string): string {
  const tail = (text: string) => (text.length > TAIL ? `…${text.slice(-TAIL)}` : text) || '(nothing)';
  const ending = result.signal ? `signal ${result.signal}` : `exit code ${result.code}`;
  return `${command}: ${why} (${ending})\n--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`;
}

export function runCommand(file: string, args: string[], options: RunCommandOptions = {}): Promise<CommandResult> {
  const expected = options.expectCode ?? 0;
  const ceilingMs = options.ceilingMs ?? 600_000;
  const command = [file, ...args].join(' ');
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: ceilingMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { code?: number | string; signal?: NodeJS.Signals; killed?: boolean }) | null;
        const result: CommandResult = {
          stdout,
          stderr,
          code: failure ? (typeof failure.code === 'number' ? failure.code : null) : 0,
          signal: failure?.signal ?? null,
        };
        if (failure && typeof failure.code === 'string') {
          reject(new Error(describeEnding(command, result, `could not run (${failure.code})`)));
        } else if (failure?.killed && failure.signal === 'SIGKILL' && result.code === null) {
          reject(new Error(describeEnding(command, result, `still running after the ${ceilingMs / 1000} s ceiling, killed`)));
        } else if (result.code !== expected) {
          reject(new Error(describeEnding(command, result, `expected exit code ${expected}`)));
        } else {
          resolve(result);
        }
      },
    );
  });
}
