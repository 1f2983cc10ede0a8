import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Env } from '../../shared/env.js';
import { ConflictError, InputError, UpstreamError } from '../../shared/errors.js';

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

export async function currentBranch(cwd: string, env: Env): Promise<string> {
  const branch = await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], cwd, env).catch(() => '');
  if (!branch) throw new InputError('The working directory is not on a branch; pass branch or feature.');
  return branch;
}

/**
 * Pushes `branch` to origin when origin lacks it or is behind it. Never forces: a remote branch with commits
 * the local one lacks is a conflict for the agent to resolve.
 */
export async function ensurePushed(options: { cwd: string; branch: string; token: string; env: Env }): Promise<{ pushed: boolean; sha: string }> {
  const { cwd, branch } = options;
  const ref = `refs/heads/${branch}`;
  const local = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd, options.env).catch(() => '');
  if (!local) throw new InputError(`Branch ${branch} does not exist in the local repository; create and commit it first.`);
  const remoteUrl = await git(['remote', 'get-url', 'origin'], cwd, options.env).catch(() => '');
  if (!remoteUrl) throw new InputError('The local repository has no origin remote to push the branch to.');
  // Never wait for a prompt: no terminal credential prompt, and ssh in batch mode unless the caller configured ssh.
  const env = {
    ...options.env,
    GIT_TERMINAL_PROMPT: '0',
    ...(options.env.GIT_SSH_COMMAND ? {} : { GIT_SSH_COMMAND: 'ssh -o BatchMode=yes' }),
    ...gitAuthEnv(remoteUrl, options.token),
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
      throw new ConflictError(`origin/${branch} has commits the local branch lacks; integrate them (fetch and rebase or merge), then try again.`);
    }
    throw new UpstreamError(`git push of ${branch} failed (${firstLine(error)}); check the remote and credentials.`);
  }
  return { pushed: true, sha: local };
}

function firstLine(error: unknown): string {
  const text = String((error as { stderr?: string }).stderr || (error as Error).message || 'unknown error');
  const lineText = text.split('\n').find((l) => /fatal|error|denied|rejected/i.test(l)) ?? text.split('\n')[0] ?? '';
  return lineText.replace(/^(fatal|error):\s*/i, '').trim().slice(0, 160);
}
