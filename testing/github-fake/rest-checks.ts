// REST routes for a commit's checks: check runs (refused to a fine-grained token, which has no Checks permission),
// the combined status (paginated, 30 by default), Actions runs and jobs for a commit, and job logs (a redirect to
// a blob on another origin).
import { repoJson } from './rest-payloads.js';
import { checkRunJson, jobJson, statusJson, workflowRunJson } from './rest-payloads-checks.js';
import { DOCS, notFound, resolveRef, type Handler, type Reply } from './rest-context.js';
import type { FakeCheckRun, FakeState } from './state.js';

const noChecksPermission = (): Reply => ({
  status: 403,
  headers: { 'x-accepted-github-permissions': 'checks=read' },
  body: { message: 'Resource not accessible by personal access token', documentation_url: DOCS, status: '403' },
});

/** Actions jobs are the github-actions check runs; one workflow run per job keeps the model small. */
const actionsJobs = (s: FakeState, sha: string): FakeCheckRun[] =>
  s.checkRuns.filter((x) => x.headSha === sha && x.app === 'github-actions');
const runIdOf = (job: FakeCheckRun) => job.id + 7;

export const CHECK_ROUTES: Array<[string, RegExp, Handler]> = [
  [
    'GET',
    /^\/commits\/([^/]+)\/check-runs$/,
    (c) => {
      if (c.s.scopes === null) return noChecksPermission();
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
        page: {
          items: statuses.map((x) => statusJson(c.base, c.s, x)),
          wrap: (page, total_count) => ({
            state,
            sha,
            total_count,
            statuses: page,
            repository: repoJson(c.base, c.s),
            commit_url: `${c.base}/repos/${c.s.owner}/${c.s.name}/commits/${sha}`,
            url: `${c.base}/repos/${c.s.owner}/${c.s.name}/commits/${sha}/status`,
          }),
        },
      };
    },
  ],
  [
    'GET',
    /^\/actions\/runs$/,
    (c) => {
      const sha = c.query.get('head_sha');
      const jobs = sha ? actionsJobs(c.s, sha) : c.s.checkRuns.filter((x) => x.app === 'github-actions');
      const items = jobs.map((job) => workflowRunJson(c.base, c.s, job, runIdOf(job)));
      return { status: 200, page: { items, wrap: (workflow_runs, total_count) => ({ total_count, workflow_runs }) } };
    },
  ],
  [
    'GET',
    /^\/actions\/runs\/(\d+)\/jobs$/,
    (c) => {
      const job = c.s.checkRuns.find((x) => x.app === 'github-actions' && runIdOf(x) === Number(c.params[0]));
      if (!job) return notFound();
      const items = [jobJson(c.base, c.s, job, runIdOf(job))];
      return { status: 200, page: { items, wrap: (jobs, total_count) => ({ total_count, jobs }) } };
    },
  ],
  [
    'GET',
    /^\/actions\/jobs\/(\d+)\/logs$/,
    (c) => {
      const run = c.s.checkRuns.find((x) => x.id === Number(c.params[0]) && x.app === 'github-actions');
      if (!run || run.log === undefined) return notFound();
      return { status: 302, headers: { location: `${c.blobOrigin}/job-logs/${run.id}.txt?sig=fake` } };
    },
  ],
];
