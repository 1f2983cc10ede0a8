import type { Env } from '../../shared/env.js';
import { VERSION } from '../../shared/version.js';
import { loadConfig, requireToken } from '../../servers/github/config.js';
import { resolveRepo, type RepoRef } from '../../servers/github/repo.js';
import { getJson, networkProblem } from './http.js';
import { fail, ok, warn, type Check } from './report.js';

/** GITHUB_* well-formed, then `GET /user` (who, and a classic token's scopes) and `GET /repos/{owner}/{repo}`. */
export async function checkGitHub(env: Env, cwd: string, timeoutMs: number): Promise<Check[]> {
  let token: string;
  let apiUrl: string;
  let repo: RepoRef;
  try {
    const config = loadConfig(env);
    token = requireToken(config);
    apiUrl = config.apiUrl;
    repo = await resolveRepo({ ...(config.repository ? { repository: config.repository } : {}), allowlist: config.allowlist, cwd });
  } catch (error) {
    return [fail('github', (error as Error).message)];
  }
  const headers = {
    authorization: `Bearer ${token}`,
    accept: 'application/vnd.github+json',
    'user-agent': `protolabs-mcp-doctor/${VERSION}`,
    'x-github-api-version': '2022-11-28',
  };
  const get = (path: string) => getJson(`${apiUrl}${path}`, { headers, timeoutMs });
  const checks: Check[] = [];
  try {
    const user = await get('/user');
    if (user.status === 401) {
      return [
        fail('github', 'GitHub refused GITHUB_TOKEN (401): it is wrong, expired or revoked; create a new token and update GITHUB_TOKEN'),
      ];
    }
    checks.push(describeUser(user.status, user.body, user.headers['x-oauth-scopes']));
    const name = `${repo.owner}/${repo.repo}`;
    const found = await get(`/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}`);
    checks.push(describeRepo(name, found.status, found.body));
  } catch (error) {
    checks.push(fail('github', `${networkProblem(error, apiUrl)}: check GITHUB_API_URL and your network`));
  }
  return checks;
}

function describeUser(status: number, body: unknown, scopeHeader: string | string[] | undefined): Check {
  if (status === 403) return ok('github token', 'not a user token (a GitHub App token?); its repository access is checked below');
  if (status !== 200) return fail('github token', `GitHub answered ${status} to GET /user: try again, or check GITHUB_API_URL`);
  const login = (body as { login?: string } | undefined)?.login ?? 'an unknown user';
  if (typeof scopeHeader !== 'string')
    return ok('github token', `authenticated as ${login} (fine-grained token: access is per repository, checked below)`);
  const scopes = scopeHeader
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!scopes.includes('repo') && !scopes.includes('public_repo')) {
    return fail(
      'github token',
      `authenticated as ${login}, but the classic token has no repo scope (scopes: ${scopes.join(', ') || 'none'}): add the repo scope, or use a fine-grained token`,
    );
  }
  return ok('github token', `authenticated as ${login}; scopes: ${scopes.join(', ')}`);
}

function describeRepo(name: string, status: number, body: unknown): Check {
  if (status === 404) {
    return fail(
      'github repo',
      `${name} is not visible to this token: check GITHUB_REPOSITORY (or the origin remote), and give the token access to the repository`,
    );
  }
  if (status !== 200) return fail('github repo', `GitHub answered ${status} to GET /repos/${name}: try again later`);
  const permissions = (body as { permissions?: { push?: boolean } } | undefined)?.permissions;
  if (permissions && permissions.push === false) {
    return fail(
      'github repo',
      `${name} is read-only for this token: give it Contents and Pull requests write access (classic: repo scope and push rights)`,
    );
  }
  return permissions
    ? ok('github repo', `${name} (push access)`)
    : warn('github repo', `${name} is reachable; the token's write access could not be read`);
}
