// REST routes of the fake, one entry per endpoint the github server calls, with GitHub's status codes and
// error bodies (https://docs.github.com/en/rest). Lists are paginated with absolute `Link` headers.
// This file holds the dispatcher and the repository-level routes; the route families live in rest-pulls.ts,
// rest-checks.ts and rest-issues.ts, and the token's own account (`GET /user`) in rest-user.ts.
import { fullRepoJson } from './rest-payloads.js';
import { CHECK_ROUTES } from './rest-checks.js';
import { DOCS, branchSha, invalid, notFound, type Handler, type Reply, type RouteContext } from './rest-context.js';
import { deleteBranch } from './git-merge.js';
import { ISSUE_ROUTES } from './rest-issues.js';
import { PULL_ROUTES } from './rest-pulls.js';
import { authenticatedUser } from './rest-user.js';

export { notFound, type Reply, type RouteContext } from './rest-context.js';
export { addThreadComment } from './rest-pulls.js';

const routes: Array<[string, RegExp, Handler]> = [
  ['GET', /^$/, (c) => ({ status: 200, body: fullRepoJson(c.base, c.s) })],
  [
    'GET',
    /^\/branches\/(.+)$/,
    (c) => {
      const name = decodeURIComponent(c.params[0] ?? '');
      const sha = branchSha(c, name);
      return sha
        ? {
            status: 200,
            body: {
              name,
              commit: { sha, url: `${c.base}/repos/${c.s.owner}/${c.s.name}/commits/${sha}` },
              protected: name === c.s.defaultBranch,
            },
          }
        : { status: 404, body: { message: 'Branch not found', documentation_url: DOCS, status: '404' } };
    },
  ],
  ...PULL_ROUTES,
  ...CHECK_ROUTES,
  ...ISSUE_ROUTES,
  [
    'DELETE',
    /^\/git\/refs\/(.+)$/,
    (c) => {
      const ref = decodeURIComponent(c.params[0] ?? '');
      const branch = ref.replace(/^heads\//, '');
      const exists = c.gitDir ? branchSha(c, branch) !== undefined : c.s.branches.has(branch);
      if (!ref.startsWith('heads/') || !exists) return invalid('Reference does not exist');
      if (c.gitDir) deleteBranch(c.gitDir, branch);
      c.s.branches.delete(branch);
      return { status: 204 };
    },
  ],
];

/** Routes `GET /user` and `/repos/{owner}/{repo}/…` requests; everything else (and other repositories) is a 404. */
export function routeRest(method: string, path: string, c: Omit<RouteContext, 'params'>): Reply {
  if (method === 'GET' && path === '/user') return authenticatedUser(c);
  const match = /^\/repos\/([^/]+)\/([^/]+)(.*)$/.exec(path);
  if (!match || match[1] !== c.s.owner || match[2] !== c.s.name) return notFound();
  const rest = match[3] ?? '';
  for (const [m, pattern, handler] of routes) {
    if (m !== method) continue;
    const found = pattern.exec(rest);
    if (found) return handler({ ...c, params: found.slice(1) });
  }
  return notFound();
}
