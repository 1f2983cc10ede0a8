// REST routes for a commit's checks: check runs, the combined status, and Actions job logs (a redirect to a blob).
import { checkRunJson, repoJson, statusJson } from './rest-payloads.js';
import { notFound, resolveRef, type Handler } from './rest-context.js';

export const CHECK_ROUTES: Array<[string, RegExp, Handler]> = [
  [
    'GET',
    /^\/commits\/([^/]+)\/check-runs$/,
    (c) => {
      const sha = resolveRef(c, decodeURIComponent(c.params[0] ?? ''));
      const items = c.s.checkRuns.filter((x) => x.headSha === sha).map((x) => checkRunJson(c.base, c.s, x));
      return { status: 200, page: { items, wrap: (check_runs, total_count) => ({ total_count, check_runs }) } };
    },
  ],
  [
    'GET',
    /^\/commits\/([^/]+)\/status$/,
    (c) => {
      const sha = resolveRef(c, decodeURIComponent(c.params[0] ?? ''));
      const statuses = c.s.statuses.filter((x) => x.sha === sha);
      const state = statuses.some((x) => x.state === 'failure' || x.state === 'error')
        ? 'failure'
        : statuses.length === 0 || statuses.some((x) => x.state === 'pending')
          ? 'pending'
          : 'success';
      return {
        status: 200,
        body: { state, sha, total_count: statuses.length, statuses: statuses.map((x) => statusJson(c.base, c.s, x)), repository: repoJson(c.base, c.s), commit_url: `${c.base}/repos/${c.s.owner}/${c.s.name}/commits/${sha}` },
      };
    },
  ],
  [
    'GET',
    /^\/actions\/jobs\/(\d+)\/logs$/,
    (c) => {
      const run = c.s.checkRuns.find((x) => x.id === Number(c.params[0]) && x.app === 'github-actions');
      if (!run || run.log === undefined) return notFound();
      return { status: 302, headers: { location: `${c.origin}/_blob/job-logs/${run.id}.txt?sig=fake` } };
    },
  ],
];
