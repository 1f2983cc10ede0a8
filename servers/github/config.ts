import * as z from 'zod';
import { isUnexpanded, parseEnv, strictBoolean, unsetReason, type Env } from '../../shared/env.js';
import { ConfigError } from '../../shared/errors.js';
import { stateDir } from '../../shared/state-dir.js';
import { isValidRepo } from './repo.js';

const repoString = z.string().refine(isValidRepo, { message: 'must be owner/name' });

const shape = {
  GITHUB_TOKEN: z.string().optional(),
  GITHUB_REPOSITORY: repoString.optional(),
  GITHUB_API_URL: z
    .string()
    .refine(isAllowedApiUrl, { message: 'must be an https URL (http only on loopback)' })
    .default('https://api.github.com'),
  GITHUB_REPOSITORY_ALLOWLIST: z
    .string()
    .refine((v) => v.split(',').every((r) => isValidRepo(r.trim())), { message: 'must be a comma-separated list of owner/name' })
    .optional(),
  GITHUB_ALLOW_ELEVATED: strictBoolean(false),
  GITHUB_AUDIT_LOG: z.string().optional(),
};

export interface GitHubConfig {
  /** Absent: every call that needs GitHub fails with a ConfigError naming GITHUB_TOKEN. */
  token?: string;
  /** Why the token is absent when it is still the unexpanded `${GITHUB_TOKEN}` (said instead of "not set"). */
  tokenUnset?: string;
  /** `owner/name`; absent: the working directory's `origin` remote. */
  repository?: string;
  apiUrl: string;
  /** Lower-case `owner/name` entries other repositories must appear in. */
  allowlist: string[];
  allowElevated: boolean;
  auditLog: string;
}

/** Parses the server's environment; a malformed variable is a ConfigError naming it (never its value). */
export function loadConfig(env: Env): GitHubConfig {
  const parsed = parseEnv(shape, env);
  return {
    ...(parsed.GITHUB_TOKEN ? { token: parsed.GITHUB_TOKEN } : {}),
    ...(isUnexpanded(env.GITHUB_TOKEN) ? { tokenUnset: unsetReason(env, 'GITHUB_TOKEN') } : {}),
    ...(parsed.GITHUB_REPOSITORY ? { repository: parsed.GITHUB_REPOSITORY } : {}),
    apiUrl: parsed.GITHUB_API_URL.replace(/\/+$/, ''),
    allowlist: (parsed.GITHUB_REPOSITORY_ALLOWLIST ?? '')
      .split(',')
      .map((r) => r.trim().toLowerCase())
      .filter(Boolean),
    allowElevated: parsed.GITHUB_ALLOW_ELEVATED,
    auditLog: parsed.GITHUB_AUDIT_LOG ?? `${stateDir(env)}/github-audit.jsonl`,
  };
}

export function requireToken(config: GitHubConfig): string {
  if (!config.token) {
    throw new ConfigError(
      `${config.tokenUnset ?? 'GITHUB_TOKEN is not set'}; give the server a token with pull requests, contents, issues, commit statuses and actions access.`,
    );
  }
  return config.token;
}

function isAllowedApiUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/**
 * The web origin git talks to for the configured API: github.com for api.github.com, `<sub>.ghe.com` for
 * `api.<sub>.ghe.com`, else the API URL's own origin (GitHub Enterprise Server serves /api/v3 on its web host).
 */
export function githubWebOrigin(apiUrl: string): URL {
  const url = new URL(apiUrl);
  if (url.hostname === 'api.github.com') return new URL('https://github.com');
  if (/^api\.[^.]+\.ghe\.com$/.test(url.hostname)) return new URL(`https://${url.hostname.slice(4)}`);
  return new URL(url.origin);
}
