import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ConfigError, ForbiddenError, InputError } from '../../shared/errors.js';

const run = promisify(execFile);

// GitHub's rules: owners are 1–39 alphanumerics or single hyphens (not leading); names are 1–100 of [A-Za-z0-9._-].
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

export interface RepoRef {
  owner: string;
  repo: string;
}

export function isValidRepo(value: string): boolean {
  return parseRepo(value) !== undefined;
}

/** `owner/name` → parts, or undefined when either part breaks GitHub's naming rules. */
export function parseRepo(value: string): RepoRef | undefined {
  const parts = value.split('/');
  if (parts.length !== 2) return undefined;
  const [owner = '', repo = ''] = parts;
  if (!OWNER.test(owner) || !NAME.test(repo) || repo === '.' || repo === '..' || repo.endsWith('.git')) return undefined;
  return { owner, repo };
}

/** Reads owner/name from a GitHub remote URL: https, ssh (`git@host:o/r.git`) and `ssh://` forms. */
export function repoFromRemoteUrl(url: string): RepoRef | undefined {
  const trimmed = url.trim();
  const scp = /^[\w.-]+@[\w.-]+:(?!\/)(.+)$/.exec(trimmed);
  let path: string | undefined;
  if (scp) path = scp[1];
  else {
    try {
      const parsed = new URL(trimmed);
      if (!['https:', 'http:', 'ssh:', 'git:'].includes(parsed.protocol)) return undefined;
      path = parsed.pathname;
    } catch {
      return undefined;
    }
  }
  const cleaned = (path ?? '')
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  return parseRepo(cleaned);
}

export interface RepoSettings {
  repository?: string;
  allowlist: string[];
  cwd: string;
}

/**
 * The repository a call acts on: the configured default (GITHUB_REPOSITORY, else the origin remote of the
 * working directory), or `requested` when it is the default or on GITHUB_REPOSITORY_ALLOWLIST.
 */
export async function resolveRepo(settings: RepoSettings, requested?: string): Promise<RepoRef> {
  const fallback = await defaultRepo(settings).catch((error: unknown) => {
    if (requested === undefined) throw error;
    return undefined;
  });
  if (requested === undefined) return fallback as RepoRef;
  const wanted = parseRepo(requested);
  if (!wanted) throw new InputError(`repo must be owner/name; got an invalid value.`);
  const key = `${wanted.owner}/${wanted.repo}`.toLowerCase();
  const isDefault = fallback !== undefined && key === `${fallback.owner}/${fallback.repo}`.toLowerCase();
  if (!isDefault && !settings.allowlist.includes(key)) {
    throw new ForbiddenError(
      `${wanted.owner}/${wanted.repo} is not the configured repository; add it to GITHUB_REPOSITORY_ALLOWLIST to act on it.`,
    );
  }
  return wanted;
}

async function defaultRepo(settings: RepoSettings): Promise<RepoRef> {
  if (settings.repository) {
    const parsed = parseRepo(settings.repository);
    if (parsed) return parsed;
  }
  let url: string;
  try {
    url = (await run('git', ['remote', 'get-url', 'origin'], { cwd: settings.cwd })).stdout;
  } catch {
    throw new ConfigError('GITHUB_REPOSITORY is not set and the working directory has no origin remote; set GITHUB_REPOSITORY=owner/name.');
  }
  const parsed = repoFromRemoteUrl(url);
  if (!parsed) {
    throw new ConfigError(
      'GITHUB_REPOSITORY is not set and the origin remote is not a GitHub owner/name URL; set GITHUB_REPOSITORY=owner/name.',
    );
  }
  return parsed;
}
