import type { Octokit } from '@octokit/rest';
import { ConfigError, ForbiddenError, ToolError, UpstreamError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { brief, type ServiceErrors, upstreamStatusError, utcClock } from '../../shared/upstream-error.js';
import { VERSION } from '../../shared/version.js';
import type { RepoRef } from './repo.js';

/** How patient the HTTP layer is. Production waits as GitHub asks; tests pass a few milliseconds. */
export interface HttpTiming {
  /** Multiplier (ms) for retry back-off (1, 4, 9 × base) and rate-limit waits (seconds × base). */
  retryBaseMs: number;
  /** Space writes as GitHub's best practices ask (1 s between writes, 3 s between notifying ones). */
  spaceWrites: boolean;
  /** The longest rate-limit wait, in GitHub's seconds, sat through before the call fails instead. */
  maxRateLimitWaitS: number;
  /** Per-request timeout. */
  requestTimeoutMs: number;
}

export const PRODUCTION_TIMING: HttpTiming = { retryBaseMs: 1000, spaceWrites: true, maxRateLimitWaitS: 20, requestTimeoutMs: 30_000 };

export interface ClientOptions {
  token: string;
  baseUrl: string;
  log: Logger;
  timing: HttpTiming;
}

/** Builds Octokit with retry (5xx, 429) and throttling (rate limits); loaded on the first call that needs it. */
export async function createOctokit({ token, baseUrl, log, timing }: ClientOptions): Promise<Octokit> {
  const [{ Octokit: Rest }, { retry }, { throttling }] = await Promise.all([
    import('@octokit/rest'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
  ]).catch((error: unknown) => {
    log.error({ err: error }, 'could not load Octokit');
    throw new ConfigError('The GitHub client library (@octokit/rest) could not be loaded; reinstall protolabs-mcp.');
  });
  const GitHub = Rest.plugin(retry, throttling);
  // A limiter group that schedules immediately: writes are not spaced out (tests).
  const immediate = { key: () => ({ schedule: (_options: unknown, fn: (...a: unknown[]) => unknown, ...args: unknown[]) => fn(...args) }) };
  const unspaced = timing.spaceWrites ? {} : { write: immediate, notifications: immediate, search: immediate };
  return new GitHub({
    auth: token,
    baseUrl,
    userAgent: `protolabs-mcp-github/${VERSION}`,
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => log.warn({ octokit: true }, message),
      error: (message: string) => log.warn({ octokit: true }, message),
    },
    // 405 (not mergeable) and 409 (head moved) are answers, not glitches: repeating them only costs time.
    retry: { retryAfterBaseValue: timing.retryBaseMs, doNotRetry: [400, 401, 403, 404, 405, 409, 410, 422, 451] },
    throttle: {
      retryAfterBaseValue: timing.retryBaseMs,
      fallbackSecondaryRateRetryAfter: 60,
      // A rate-limited request was not performed, so waiting and repeating it is safe for writes too.
      onRateLimit: (after: number, options: unknown, _k: unknown, retryCount: number) =>
        announce(retryCount < 1 && after <= timing.maxRateLimitWaitS, 'rate limit', after, options as WaitOptions),
      onSecondaryRateLimit: (after: number, options: unknown, _k: unknown, retryCount: number) =>
        announce(retryCount < 2 && after <= timing.maxRateLimitWaitS, 'secondary rate limit', after, options as WaitOptions),
      ...(unspaced as object),
    },
  }) as unknown as Octokit;
}

interface WaitOptions {
  request?: { onRateLimitWait?: (message: string) => void };
}

function announce(wait: boolean, kind: string, afterS: number, options: WaitOptions): boolean {
  if (wait) {
    const until = new Date(Date.now() + afterS * 1000).toISOString().slice(11, 19);
    options.request?.onRateLimitWait?.(`GitHub's ${kind} is exhausted; waiting ${afterS} s (until ${until} UTC) as GitHub asks`);
  }
  return wait;
}

/** Tells the caller what the client is waiting for (MCP progress). */
export type WaitNotice = (message: string) => void;

/** One repository's view of the API, every failure mapped to a typed one-sentence error. */
export interface GitHubApi extends RepoRef {
  // biome-ignore lint: GitHub payloads are read field by field by each tool
  rest<T = any>(route: string, params?: Record<string, unknown>, what?: string): Promise<T>;
  /** Follows `Link` pages up to `cap` items. */
  paginate<T>(route: string, params: Record<string, unknown>, cap: number, what?: string): Promise<{ items: T[]; truncated: boolean }>;
  graphql<T>(query: string, variables: Record<string, unknown>, what?: string): Promise<T>;
  /** GraphQL that keeps partial data: GitHub answers data plus errors when part of a query is forbidden. */
  graphqlPartial<T>(query: string, variables: Record<string, unknown>, what?: string): Promise<{ data: T; errors: GraphqlError[] }>;
  /** One REST page with its `Link` header, for reading a list from its end. */
  restPage<T>(route: string, params: Record<string, unknown>, what?: string): Promise<{ data: T; link: string }>;
}

export interface GraphqlError {
  type?: string;
  message?: string;
  path?: Array<string | number>;
}

export function bindApi(octokit: Octokit, ref: RepoRef, signal: AbortSignal, timing: HttpTiming, onWait?: WaitNotice): GitHubApi {
  // Only reads are repeated after a 5xx: a write may have been applied before the error (a duplicate comment).
  const request = (idempotent = true) => ({
    signal: AbortSignal.any([signal, AbortSignal.timeout(timing.requestTimeoutMs)]),
    ...(idempotent ? {} : { retries: 0 }),
    ...(onWait ? { onRateLimitWait: onWait } : {}),
  });
  const isRead = (route: string) => /^(GET|HEAD) /.test(route);
  const isQuery = (query: string) => /^\s*query\b/.test(query);
  const base = { owner: ref.owner, repo: ref.repo };
  const graphqlOptions = (query: string, variables: Record<string, unknown>) => ({
    ...variables,
    headers: { accept: 'application/vnd.github.merge-info-preview+json' },
    request: request(isQuery(query)),
  });
  return {
    ...ref,
    async rest(route, params = {}, what) {
      try {
        return (await octokit.request(route, { ...base, ...params, request: request(isRead(route)) })).data;
      } catch (error) {
        throw toToolError(error, what);
      }
    },
    async restPage(route, params, what) {
      try {
        const response = await octokit.request(route, { ...base, ...params, request: request(isRead(route)) });
        return { data: response.data as never, link: String(response.headers.link ?? '') };
      } catch (error) {
        throw toToolError(error, what);
      }
    },
    async graphqlPartial(query, variables, what) {
      try {
        return { data: await octokit.graphql(query, graphqlOptions(query, variables)), errors: [] };
      } catch (error) {
        const e = error as { name?: string; data?: unknown; errors?: GraphqlError[] };
        if (e.name === 'GraphqlResponseError' && e.data && Array.isArray(e.errors) && !e.errors.some((x) => x.type === 'RATE_LIMITED')) {
          return { data: e.data as never, errors: e.errors };
        }
        throw toToolError(error, what);
      }
    },
    async paginate(route, params, cap, what) {
      let more = false;
      let seen = 0;
      try {
        const items = await (octokit.paginate as unknown as PaginateLoose)(
          route,
          { ...base, per_page: Math.min(100, cap), ...params, request: request(isRead(route)) },
          (response: { data: unknown; headers: Record<string, unknown> }, done: () => void) => {
            const data = response.data as unknown[];
            seen += data.length;
            if (seen >= cap) {
              more = seen > cap || /rel="next"/.test(String(response.headers.link ?? ''));
              done();
            }
            return data;
          },
        );
        return { items: (items as never[]).slice(0, cap), truncated: more };
      } catch (error) {
        throw toToolError(error, what);
      }
    },
    async graphql(query, variables, what) {
      try {
        return await octokit.graphql(query, graphqlOptions(query, variables));
      } catch (error) {
        throw toToolError(error, what);
      }
    },
  };
}

type PaginateLoose = (
  route: string,
  params: Record<string, unknown>,
  map: (response: { data: unknown; headers: Record<string, unknown> }, done: () => void) => unknown[],
) => Promise<unknown[]>;

interface HttpErrorLike {
  status?: number;
  message?: string;
  name?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
  /** GraphqlResponseError keeps the response headers here. */
  headers?: Record<string, string | undefined>;
  errors?: Array<{ type?: string; message?: string }>;
}

/** Maps an Octokit failure to a typed error whose message is one actionable sentence. */
export function toToolError(error: unknown, what = 'The requested resource', now: () => Date = () => new Date()): Error {
  if (error instanceof ToolError) return error;
  const e = (error ?? {}) as HttpErrorLike;
  if (e.name === 'AbortError' || e.name === 'TimeoutError') {
    if (e.name === 'TimeoutError') return new UpstreamError('GitHub did not answer in time; try again shortly.');
    return error as Error;
  }
  const graphqlErrors = e.errors ?? (e.response?.data as { errors?: Array<{ type?: string }> } | undefined)?.errors;
  // GraphQL's documented limit: HTTP 200 with errors[].type RATE_LIMITED (the throttling plugin rethrows it without a status).
  if (Array.isArray(graphqlErrors) && graphqlErrors.some((x) => x.type === 'RATE_LIMITED')) {
    const reset = Number((e.headers ?? e.response?.headers)?.['x-ratelimit-reset']);
    const until = reset ? new Date(reset * 1000) : new Date(now().getTime() + 60_000);
    return new UpstreamError(`GitHub's GraphQL rate limit is exhausted: rate limited until ${utcClock(until)} UTC; try again after that.`);
  }
  if (e.name === 'GraphqlResponseError' && Array.isArray(e.errors)) {
    const first = e.errors[0];
    if (first?.type === 'NOT_FOUND') return upstreamStatusError(GITHUB, { status: 404, subject: what });
    if (first?.type === 'FORBIDDEN')
      return new ForbiddenError(`The token is not allowed to do this (${brief(first.message)}); grant it the missing permission.`);
    return new UpstreamError(`GitHub refused the request: ${brief(first?.message)}.`);
  }
  const status = e.status;
  const headers = e.response?.headers ?? {};
  const message = upstreamMessage(e);
  if (status === undefined || e.response === undefined) {
    return new UpstreamError('Could not reach GitHub; check GITHUB_API_URL and the network.');
  }
  if ((status === 403 || status === 429) && (headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(message))) {
    // A secondary limit's wait is retry-after; the x-ratelimit-reset GitHub also sends is the primary window's.
    const secondary = /secondary/i.test(message) || (headers['retry-after'] !== undefined && headers['x-ratelimit-remaining'] !== '0');
    const reset =
      headers['retry-after'] !== undefined && (secondary || !headers['x-ratelimit-reset'])
        ? new Date(now().getTime() + (Number(headers['retry-after']) || 60) * 1000)
        : headers['x-ratelimit-reset']
          ? new Date(Number(headers['x-ratelimit-reset']) * 1000)
          : new Date(now().getTime() + 60_000);
    const kind = secondary ? 'secondary rate limit' : 'rate limit';
    return new UpstreamError(`GitHub's ${kind} is exhausted: rate limited until ${utcClock(reset)} UTC; try again after that.`);
  }
  if (status === 403 && /^required/.test(headers['x-github-sso'] ?? '')) {
    return new ForbiddenError(
      "The organization enforces SAML single sign-on and the token is not authorized for it; authorize the token for the organization's SSO (token settings, Configure SSO).",
    );
  }
  const wanted = headers['x-accepted-github-permissions'];
  if (status === 403 && wanted)
    return new ForbiddenError(`The token lacks the permission GitHub requires for this (${brief(wanted)}); grant it to the token.`);
  return upstreamStatusError(GITHUB, { status, subject: what, said: brief(message) });
}

const GITHUB: ServiceErrors = {
  name: 'GitHub',
  credential: 'GITHUB_TOKEN',
  sentences: {
    config: () => 'GitHub rejected GITHUB_TOKEN (bad credentials); replace the token and restart the server.',
    forbidden: () => 'The token is not allowed to do this; grant it the missing repository permission.',
    not_found: (r) => `${r.subject} was not found or the token cannot see it.`,
    conflict: (r) => `GitHub refused: ${r.said}.`,
    input: (r) => `GitHub rejected the request: ${r.said}.`,
    unavailable: (r) => `GitHub failed with ${r.status} even after retries; try again shortly.`,
  },
};

/** GitHub's own explanation: the validation error's message when there is one, else the top-level message. */
function upstreamMessage(e: HttpErrorLike): string {
  const data = e.response?.data as
    | { message?: string; errors?: Array<string | { message?: string; field?: string; code?: string }> }
    | undefined;
  const detail = data?.errors?.[0];
  if (typeof detail === 'string') return detail;
  if (detail?.message) return detail.message;
  if (detail?.field) return `${detail.field} is ${detail.code ?? 'invalid'}`;
  return data?.message ?? e.message ?? 'no details';
}
