/**
 * The one place the board runs git: simple-git `raw` with argument arrays (never a shell string).
 *
 * API
 *   runGit(cwd, args, { signal?, okExitCodes?, env? }) → { stdout, exitCode }
 *     Rejects with GitCommandError (the command and git's own message, for the log) when git exits with a code
 *     not in okExitCodes (default [0]); `git merge-tree` answers conflicts with exit code 1, so it passes [0, 1].
 *   git(cwd, args, opts?) → stdout (exit code 0 only)
 *
 * simple-git strips ambient GIT_* variables (GIT_DIR, GIT_INDEX_FILE… from a hook would redirect every command);
 * only the identity variables pass, so `GIT_AUTHOR_NAME` & co. keep working for commits the board creates.
 */
import type { SimpleGitFactory } from 'simple-git';

/** simple-git is loaded on the first git command, never at server start-up. */
let simpleGitModule: Promise<SimpleGitFactory> | undefined;
function loadSimpleGit(): Promise<SimpleGitFactory> {
  simpleGitModule ??= import('simple-git').then((m) => m.simpleGit);
  return simpleGitModule;
}

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
}

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

export async function runGit(
  cwd: string,
  args: string[],
  opts: GitRunOptions = {},
): Promise<{ stdout: string; exitCode: number }> {
  const ok = opts.okExitCodes ?? [0];
  let exitCode = 0;
  let failure = '';
  const simpleGit = await loadSimpleGit();
  const client = simpleGit({
    baseDir: cwd,
    trimmed: false,
    allowEnvironment: IDENTITY_VARIABLES,
    ...(opts.signal ? { abort: opts.signal } : {}),
    ...(opts.input !== undefined ? { input: () => opts.input } : {}),
    errors(error, result) {
      exitCode = result.exitCode;
      if (ok.includes(result.exitCode)) return undefined;
      failure = Buffer.concat([...result.stdErr, ...result.stdOut]).toString('utf8');
      return error ?? new Error(failure || `exit ${result.exitCode}`);
    },
  });
  if (opts.env) client.env({ ...unguardedEnvironment(), ...opts.env });
  try {
    const stdout = await client.raw(args);
    return { stdout, exitCode };
  } catch (error) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? error;
    throw new GitCommandError(args, exitCode, failure || (error as Error).message);
  }
}

export async function git(cwd: string, args: string[], opts: Omit<GitRunOptions, 'okExitCodes'> = {}): Promise<string> {
  return (await runGit(cwd, args, opts)).stdout;
}

/** simple-git rejects a task whose explicit environment names a guarded variable, so drop them all. */
const GUARDED = new Set(['editor', 'visual', 'pager', 'ssh_askpass', 'prefix']);
function unguardedEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (value === undefined || lower.startsWith('git_') || GUARDED.has(lower)) continue;
    env[key] = value;
  }
  return env;
}

/** Splits `-z` output into its NUL-terminated records (drops the empty tail). */
export function splitNul(text: string): string[] {
  const parts = text.split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}
