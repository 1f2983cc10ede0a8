// The fake's scripted faults: the answers GitHub gives when a limit is hit or a request is refused, with its headers.
import type { Reply } from './rest.js';

export interface RateLimit {
  kind?: 'primary' | 'secondary' | 'graphql';
  status?: 403 | 429;
  resetInSeconds?: number;
}

export interface Failure {
  status?: number;
  message?: string;
  permission?: string;
  sso?: boolean;
}

/** A primary, secondary or GraphQL rate limit as GitHub answers it. */
export function rateLimitReply({ kind = 'primary', status = 403, resetInSeconds = 1 }: RateLimit): Reply {
  const reset = Math.ceil(Date.now() / 1000) + resetInSeconds;
  if (kind === 'graphql') {
    return {
      status: 200,
      headers: {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '5000',
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-resource': 'graphql',
      },
      body: {
        errors: [{ type: 'RATE_LIMITED', code: 'graphql_rate_limit', message: 'API rate limit already exceeded for user ID 1.' }],
      },
    };
  }
  if (kind === 'secondary') {
    return {
      status,
      // GitHub still reports the primary window (an hour away) on a secondary limit; retry-after is the wait.
      headers: {
        'retry-after': String(resetInSeconds),
        'x-ratelimit-remaining': '4321',
        'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
      },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: String(status),
      },
    };
  }
  return {
    status,
    headers: {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-used': '5000',
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-resource': 'core',
    },
    body: {
      message: `API rate limit exceeded for user ID 1.`,
      documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      status: String(status),
    },
  };
}

/** A refusal or server error; `sso` answers as an organization's SAML enforcement does. */
export function failureReply({ status = 500, message, permission, sso }: Failure, owner: string): Reply {
  return sso
    ? {
        status: 403,
        headers: { 'x-github-sso': `required; url=https://github.com/orgs/${owner}/sso?authorization_request=FAKE` },
        body: {
          message:
            'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.',
          documentation_url: 'https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/',
          status: '403',
        },
      }
    : {
        status,
        ...(permission ? { headers: { 'x-accepted-github-permissions': permission } } : {}),
        body: {
          message: message ?? (status >= 500 ? 'Server Error' : 'Resource not accessible by personal access token'),
          documentation_url: 'https://docs.github.com/rest',
          status: String(status),
        },
      };
}
