import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Env } from '../../shared/env.js';
import { ConflictError, ForbiddenError, InputError, UpstreamError } from '../../shared/errors.js';

const run = promisify(execFile);

async function git(args: string[], cwd: string, env: Env): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: env as NodeJS.ProcessEnv, maxBuffer: 4 * 1024 * 1024, timeout: 120_000 });
  return stdout.trim();
}

/**
 * Credentials for one git child, through the environment only: an `http.<origin>/.extraHeader` set with
 * GIT_CONFIG_COUNT, scoped to the remote's host. Nothing reaches argv, `.git/config` or the disk.
 * Non-https remotes (ssh, local paths) get nothing: they authenticate their own way.
 */
export function gitAuthEnv(remoteUrl: string, token: string): Env {
  let origin: string;
  try {
    const url = new URL(remoteUrl);
    if (url.protocol !== 'https:') return {};
    origin = url.origin;
  } catch {
    return {};
  }
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${origin}/.extraHeader`,
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
  };
}

/**
 * Where a remote URL leads: a local path (no host, no credentials), the configured GitHub (credentials only for
 * https), or another host, which must receive neither the token nor the branch.
 */
export function classifyRemote(
  remoteUrl: string,
  github: URL,
): { kind: 'local' } | { kind: 'github'; https: boolean } | { kind: 'other'; host: string } {
  const trimmed = remoteUrl.trim();
  const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)/.exec(trimmed);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) && !/^[A-Za-z]:[\\/]/.test(trimmed)) {
    const host = scp[1] ?? '';
    return host === github.hostname ? { kind: 'github', https: false } : { kind: 'other', host };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { kind: 'local' };
  }
  if (url.protocol === 'file:') return { kind: 'local' };
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    return url.origin === github.origin ? { kind: 'github', https: url.protocol === 'https:' } : { kind: 'other', host: url.host };
  }
  if (url.protocol === 'ssh:' || url.protocol === 'git:')
    return url.hostname === github.hostname ? { kind: 'github', https: false } : { kind: 'other', host: url.host };
  return { kind: 'other', host: url.host || url.protocol };
}

export async function currentBranch(cwd: string, env: Env): Promise<string> {
  const branch = await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], cwd, env).catch(() => '');
  if (!branch) throw new InputError('The working directory is not on a branch; pass branch or feature.');
  return branch;
}

/**
 * Pushes `branch` to origin when origin lacks it or is behind it. Never forces: a remote branch with commits
 * the local one lacks is a conflict for the agent to resolve.
 */
export async function ensurePushed(options: {
  cwd: string;
  branch: string;
  token: string;
  env: Env;
  github: URL;
}): Promise<{ pushed: boolean; sha: string }> {
  const { cwd, branch } = options;
  const ref = `refs/heads/${branch}`;
  const local = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd, options.env).catch(() => '');
  if (!local) throw new InputError(`Branch ${branch} does not exist in the local repository; create and commit it first.`);
  const remoteUrl = await git(['remote', 'get-url', 'origin'], cwd, options.env).catch(() => '');
  if (!remoteUrl) throw new InputError('The local repository has no origin remote to push the branch to.');
  // Both the fetch URL (ls-remote) and the push URL (pushurl, insteadOf) are contacted: both must be this GitHub.
  const pushUrl = await git(['remote', 'get-url', '--push', 'origin'], cwd, options.env).catch(() => remoteUrl);
  const targets = [remoteUrl, pushUrl].map((u) => classifyRemote(u, options.github));
  const foreign = targets.find((t) => t.kind === 'other');
  if (foreign?.kind === 'other') {
    throw new ForbiddenError(
      `origin points at ${foreign.host}, not the configured GitHub (${options.github.host}); refusing to push there or send it the token — fix the remote or GITHUB_API_URL.`,
    );
  }
  const authorize = targets.every((t) => t.kind === 'github' && t.https);
  // Never wait for a prompt: no terminal credential prompt, and ssh in batch mode unless the caller configured ssh.
  const env = {
    ...options.env,
    GIT_TERMINAL_PROMPT: '0',
    ...(options.env.GIT_SSH_COMMAND ? {} : { GIT_SSH_COMMAND: 'ssh -o BatchMode=yes' }),
    ...(authorize ? gitAuthEnv(pushUrl, options.token) : {}),
  };
  let remote: string;
  try {
    remote = (await git(['ls-remote', '--heads', 'origin', ref], cwd, env)).split(/\s+/)[0] ?? '';
  } catch (error) {
    throw new UpstreamError(`Could not read the origin remote (${firstLine(error)}); check the remote URL and credentials.`);
  }
  if (remote === local) return { pushed: false, sha: local };
  try {
    await git(['push', '--porcelain', 'origin', `${ref}:${ref}`], cwd, env);
  } catch (error) {
    const text = String((error as { stderr?: string }).stderr ?? '');
    if (/rejected|non-fast-forward|fetch first/i.test(text)) {
      throw new ConflictError(
        `origin/${branch} has commits the local branch lacks; integrate them (fetch and rebase or merge), then try again.`,
      );
    }
    throw new UpstreamError(`git push of ${branch} failed (${firstLine(error)}); check the remote and credentials.`);
  }
  return { pushed: true, sha: local };
}

function firstLine(error: unknown): string {
  const text = String((error as { stderr?: string }).stderr || (error as Error).message || 'unknown error');
  const lineText = text.split('\n').find((l) => /fatal|error|denied|rejected/i.test(l)) ?? text.split('\n')[0] ?? '';
  return lineText
    .replace(/^(fatal|error):\s*/i, '')
    .trim()
    .slice(0, 160);
}

/** Whether `path` is one of the worktrees (the main checkout included) of the repository at `repoDir`. */
export async function isWorktreeOf(path: string, repoDir: string, env: Env): Promise<boolean> {
  const listed = await git(['worktree', 'list', '--porcelain'], repoDir, env).catch(() => '');
  const wanted = await realpath(path).catch(() => undefined);
  if (!wanted) return false;
  for (const line of listed.split('\n')) {
    if (!line.startsWith('worktree ')) continue;
    if ((await realpath(line.slice(9)).catch(() => '')) === wanted) return true;
  }
  return false;
}
