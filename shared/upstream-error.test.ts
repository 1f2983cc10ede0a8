import { describe, expect, it } from 'vitest';
import { ConfigError, ConflictError, ForbiddenError, InputError, NotFoundError, UpstreamError } from './errors.js';
import { brief, kindOfStatus, type ServiceErrors, upstreamStatusError, utcClock } from './upstream-error.js';

const service: ServiceErrors = { name: 'Example', credential: 'EXAMPLE_TOKEN' };

describe('upstreamStatusError', () => {
  it.each([
    [
      400,
      InputError,
      'Example rejected the request for GET /x as invalid (HTTP 400) (bad field); change it, as sending it again unchanged will not help.',
    ],
    [
      422,
      InputError,
      'Example rejected the request for GET /x as invalid (HTTP 422) (bad field); change it, as sending it again unchanged will not help.',
    ],
    [401, ConfigError, 'Example rejected EXAMPLE_TOKEN (HTTP 401); check EXAMPLE_TOKEN and restart the server.'],
    [403, ForbiddenError, 'Example does not allow this on GET /x (HTTP 403) (bad field); grant EXAMPLE_TOKEN the missing permission.'],
    [404, NotFoundError, 'Example does not know GET /x (HTTP 404); check the name or id.'],
    [405, ConflictError, 'Example refused GET /x because of its current state (HTTP 405) (bad field); read it again before retrying.'],
    [409, ConflictError, 'Example refused GET /x because of its current state (HTTP 409) (bad field); read it again before retrying.'],
    [412, ConflictError, 'Example refused GET /x because of its current state (HTTP 412) (bad field); read it again before retrying.'],
    [500, UpstreamError, 'Example failed with HTTP 500 for GET /x; try again shortly.'],
    [503, UpstreamError, 'Example failed with HTTP 503 for GET /x; try again shortly.'],
    [410, UpstreamError, 'Example answered HTTP 410 to GET /x (bad field).'],
    [302, UpstreamError, 'Example answered HTTP 302 to GET /x (bad field).'],
  ])('maps HTTP %i to %o with one sentence that ends in the next step', (status, type, sentence) => {
    const error = upstreamStatusError(service, { status, subject: 'GET /x', said: 'bad field' });
    expect(error).toBeInstanceOf(type);
    expect(error.message).toBe(sentence);
    expect(kindOfStatus(status)).toBe(error.kind === 'upstream' ? (status >= 500 ? 'unavailable' : 'unexpected') : error.kind);
  });

  it("uses the service's own sentence for a kind, and the shared one for the others", () => {
    const own: ServiceErrors = { ...service, sentences: { not_found: (r) => `${r.subject} is gone.` } };
    expect(upstreamStatusError(own, { status: 404, subject: 'PR #3' }).message).toBe('PR #3 is gone.');
    expect(upstreamStatusError(own, { status: 401, subject: 'PR #3' })).toBeInstanceOf(ConfigError);
  });

  it('leaves the parenthesis out when the service said nothing, and keeps the details', () => {
    const error = upstreamStatusError(service, { status: 409, subject: 'the guest' }, { proxmox: { untrusted: true, text: 'locked' } });
    expect(error.message).toBe('Example refused the guest because of its current state (HTTP 409); read it again before retrying.');
    expect(error.details).toEqual({ proxmox: { untrusted: true, text: 'locked' } });
  });
});

describe('brief and utcClock', () => {
  it('folds whitespace, drops trailing stops and caps the length', () => {
    expect(brief('  Head branch\nwas modified.  ')).toBe('Head branch was modified');
    expect(brief(undefined)).toBe('no details');
    expect(brief('x'.repeat(500))).toHaveLength(161);
  });

  it('writes HH:MM in UTC', () => {
    expect(utcClock(new Date('2026-11-27T03:42:10Z'))).toBe('03:42');
  });
});
