/**
 * The one place the board runs git: `git` spawned directly with argument arrays (never a shell string).
 *
 * API
 *   runGit(cwd, args, { signal?, okExitCodes?, env?, input? }) → { stdout, exitCode }
 *     Rejects with GitCommandError (the command and git's own message, for the log) when git exits with a code
 *     not in okExitCodes (default [0]); `git merge-tree` answers conflicts with exit code 1, so it passes [0, 1].
 *   git(cwd, args, opts?) → stdout (exit code 0 only)
 *   gitProcessesStarted() → how many git processes this module has started (the bench counts them per operation)
 *
 * Ambient GIT_* variables are dropped (GIT_DIR, GIT_INDEX_FILE… from a hook would redirect every command); only
 * the identity variables pass, so `GIT_AUTHOR_NAME` & co. keep working for commits the board creates. (This used
 * to go through simple-git, which added nothing here but a wait of ~50 ms after every command that printed
 * nothing: three of them per worktree removal.)
 */
import { spawn } from 'node:child_process';

const IDENTITY_VARIABLES = [
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_AUTHOR_DATE',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
  'GIT_COMMITTER_DATE',
];

export interface GitRunOptions {
  signal?: AbortSignal;
  okExitCodes?: number[];
  /** Extra variables for this command only (only identity variables are allowed through). */
  env?: Record<string, string>;
  /** Written to git's stdin (e.g. a commit message for `-F -`, so no text ever sits in the argument list). */
  input?: string;
  /**
   * For commands that may reach a remote: never ask anyone anything. Credential helpers still answer; a missing
   * credential fails instead of prompting (terminal, askpass program, ssh passphrase or host-key question).
   */
  noPrompts?: boolean;
}

/**
 * GIT_ASKPASS set but empty makes git skip core.askPass and SSH_ASKPASS and fall to the terminal prompt, which
 * GIT_TERMINAL_PROMPT=0 refuses; ssh runs without a controlling terminal (detached) and without askpass.
 */
const NO_PROMPTS = { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS_REQUIRE: 'never', GCM_INTERACTIVE: 'never' };

/** git failed in a way the caller did not expect; the message is for the log, not for the model. */
export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly gitMessage: string,
  ) {
    super(`git ${args.join(' ')} failed (exit ${exitCode}): ${gitMessage.trim().slice(0, 500)}`);
    this.name = 'GitCommandError';
  }
}

let started = 0;

export function gitProcessesStarted(): number {
  return started;
}

export async function runGit(cwd: string, args: string[], opts: GitRunOptions = {}): Promise<{ stdout: string; exitCode: number }> {
  const ok = opts.okExitCodes ?? [0];
  opts.signal?.throwIfAborted();
  started++;
  const child = spawn('git', args, {
    cwd,
    env: { ...gitEnvironment(), ...identityOnly(opts.env), ...(opts.noPrompts ? NO_PROMPTS : {}) },
    stdio: [opts.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.noPrompts ? { detached: true } : {}),
  });
  if (opts.noPrompts && opts.signal) {
    // detached: git's helpers (ssh, remote-https) share its new process group; stop them with it
    const stopGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    opts.signal.addEventListener('abort', stopGroup, { once: true });
    child.once('close', () => opts.signal?.removeEventListener('abort', stopGroup));
  }
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  if (opts.input !== undefined) {
    child.stdin?.on('error', () => undefined); // git may exit before reading all of it; its exit code says why
    child.stdin?.end(opts.input);
  }
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  }).catch((error: unknown) => {
    if (opts.signal?.aborted) throw opts.signal.reason ?? error;
    throw new GitCommandError(args, -1, (error as Error).message);
  });
  if (opts.signal?.aborted) throw opts.signal.reason;
  const out = Buffer.concat(stdout).toString('utf8');
  if (!ok.includes(exitCode)) {
    const message = Buffer.concat([...stderr, ...stdout]).toString('utf8');
    throw new GitCommandError(args, exitCode, message || `exit ${exitCode}`);
  }
  return { stdout: out, exitCode };
}

export async function git(cwd: string, args: string[], opts: Omit<GitRunOptions, 'okExitCodes'> = {}): Promise<string> {
  return (await runGit(cwd, args, opts)).stdout;
}

/** The server's environment without any GIT_* variable except the identity ones. */
function gitEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (key.toUpperCase().startsWith('GIT_') && !IDENTITY_VARIABLES.includes(key)) continue;
    env[key] = value;
  }
  return env;
}

function identityOnly(env: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).filter(([key]) => IDENTITY_VARIABLES.includes(key)));
}

/** Splits `-z` output into its NUL-terminated records (drops the empty tail). */
export function splitNul(text: string): string[] {
  const parts = text.split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}
