// The token's own account: `GET /user` (https://docs.github.com/rest/users/users#get-the-authenticated-user),
// with the `x-oauth-scopes` header GitHub sends for a classic token and leaves out for a fine-grained one.
import type { Reply, RouteContext } from './rest-context.js';
import { userJson } from './rest-payloads.js';

export function authenticatedUser(c: Omit<RouteContext, 'params'>): Reply {
  const created = '2020-01-01T00:00:00Z';
  return {
    status: 200,
    ...(c.s.scopes === null ? {} : { headers: { 'x-oauth-scopes': c.s.scopes } }),
    body: {
      ...userJson(c.base, c.s.viewer),
      type: 'User',
      name: null,
      company: null,
      blog: '',
      location: null,
      email: null,
      hireable: null,
      bio: null,
      twitter_username: null,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: created,
      updated_at: created,
      private_gists: 0,
      total_private_repos: 1,
      owned_private_repos: 0,
      two_factor_authentication: true,
      collaborators: 0,
      disk_usage: 0,
    },
  };
}
