import { describe, expect, it } from 'vitest';
import { ConfigError, ConflictError, ForbiddenError, InputError, NotFoundError, UpstreamError } from '../../shared/errors.js';
import { toToolError } from './client.js';

const http = (status: number, data: unknown = {}, headers: Record<string, string> = {}) =>
  Object.assign(new Error('HttpError'), { name: 'HttpError', status, response: { status, headers, data } });

describe('toToolError', () => {
  const now = () => new Date('2026-11-27T03:00:00Z');

  it('turns a primary rate limit into "rate limited until HH:MM"', () => {
    const error = toToolError(
      http(
        403,
        { message: 'API rate limit exceeded' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Date.parse('2026-11-27T03:42:10Z') / 1000) },
      ),
      'x',
      now,
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe("GitHub's rate limit is exhausted: rate limited until 03:42 UTC; try again after that.");
  });

  it('uses retry-after for a secondary limit', () => {
    const error = toToolError(http(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '120' }), 'x', now);
    expect(error.message).toBe("GitHub's secondary rate limit is exhausted: rate limited until 03:02 UTC; try again after that.");
  });

  it.each([
    [http(401, { message: 'Bad credentials' }), ConfigError, /^GitHub rejected GITHUB_TOKEN/],
    [
      http(403, { message: 'Resource not accessible' }, { 'x-accepted-github-permissions': 'contents=write' }),
      ForbiddenError,
      /\(contents=write\)/,
    ],
    [http(403, { message: 'Resource not accessible' }), ForbiddenError, /missing repository permission/],
    [http(404), NotFoundError, /^PR #3 was not found or the token cannot see it\.$/],
    [
      http(409, { message: 'Head branch was modified. Review and try the merge again.' }),
      ConflictError,
      /^GitHub refused: Head branch was modified\. Review and try the merge again\.$/,
    ],
    [
      http(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for o:b.' }],
      }),
      InputError,
      /^GitHub rejected the request: A pull request already exists for o:b\.$/,
    ],
    [
      http(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }] }),
      InputError,
      /head is invalid/,
    ],
    [http(503), UpstreamError, /^GitHub failed with 503 even after retries/],
    [http(418, { message: "I'm a teapot" }), UpstreamError, /^GitHub answered HTTP 418 to PR #3 \(I'm a teapot\)\.$/],
    [Object.assign(new Error('fetch failed'), { status: 500 }), UpstreamError, /^Could not reach GitHub/],
    [
      Object.assign(new Error('x'), { name: 'GraphqlResponseError', errors: [{ type: 'NOT_FOUND', message: 'Could not resolve' }] }),
      NotFoundError,
      /^PR #3 was not found/,
    ],
  ])('maps %#', (input, type, message) => {
    const error = toToolError(input, 'PR #3', now);
    expect(error).toBeInstanceOf(type);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^[^\n]+\.$/);
  });

  it('truncates long upstream messages', () => {
    const error = toToolError(http(422, { message: 'x'.repeat(5000) }));
    expect(error.message.length).toBeLessThan(220);
  });
});
