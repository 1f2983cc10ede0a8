// REST payloads of CI (https://docs.github.com/en/rest/checks, /commits/statuses, /actions) built from the fake's
// state: check runs and the apps behind them, commit statuses, and Actions workflow runs and jobs.
import type { FakeCheckRun, FakeState, FakeStatus } from './state.js';
import { nodeId } from './state.js';
import { hashNumber, repoJson, userJson } from './rest-payloads.js';

/** The GitHub App behind a check run (`github-actions` for Actions jobs). */
function appJson(base: string, slug: string): Record<string, unknown> {
  const created = '2018-07-30T09:30:17Z';
  return {
    id: hashNumber(slug),
    slug,
    node_id: nodeId('A', slug),
    owner: userJson(base, slug === 'github-actions' ? 'github' : slug),
    name: slug === 'github-actions' ? 'GitHub Actions' : slug,
    description: '',
    external_url: `https://${slug}.example.com`,
    html_url: `https://github.com/apps/${slug}`,
    created_at: created,
    updated_at: created,
    permissions: { checks: 'write', metadata: 'read' },
    events: ['check_run'],
  };
}

export function checkRunJson(base: string, s: FakeState, c: FakeCheckRun): Record<string, unknown> {
  const actions = c.app === 'github-actions';
  return {
    id: c.id,
    node_id: nodeId('CR', c.id),
    head_sha: c.headSha,
    external_id: '',
    url: `${base}/repos/${s.owner}/${s.name}/check-runs/${c.id}`,
    html_url: actions
      ? `https://github.com/${s.owner}/${s.name}/actions/runs/${c.id + 7}/job/${c.id}`
      : `https://github.com/${s.owner}/${s.name}/runs/${c.id}`,
    details_url: actions
      ? `https://github.com/${s.owner}/${s.name}/actions/runs/${c.id + 7}/job/${c.id}`
      : `https://ci.example.com/builds/${c.id}`,
    status: c.status,
    conclusion: c.conclusion,
    started_at: c.startedAt,
    completed_at: c.completedAt,
    output: {
      title: c.title,
      summary: c.summary,
      text: null,
      annotations_count: 0,
      annotations_url: `${base}/repos/${s.owner}/${s.name}/check-runs/${c.id}/annotations`,
    },
    name: c.name,
    check_suite: { id: c.id + 5 },
    app: appJson(base, c.app),
    pull_requests: [],
  };
}

export function statusJson(base: string, s: FakeState, st: FakeStatus): Record<string, unknown> {
  return {
    url: `${base}/repos/${s.owner}/${s.name}/statuses/${st.sha}`,
    id: st.id,
    node_id: nodeId('SC', st.id),
    state: st.state,
    description: st.description,
    target_url: st.targetUrl,
    avatar_url: null,
    context: st.context,
    created_at: st.createdAt,
    updated_at: st.createdAt,
  };
}

/** An Actions workflow run, as `GET /actions/runs` lists it (one run per job in this fake). */
export function workflowRunJson(base: string, s: FakeState, job: FakeCheckRun, runId: number): Record<string, unknown> {
  const url = `${base}/repos/${s.owner}/${s.name}/actions/runs/${runId}`;
  const branch = s.pulls.find((p) => p.headSha === job.headSha)?.headRef ?? null;
  return {
    id: runId,
    node_id: nodeId('WFR', runId),
    name: job.name.split(' / ')[0],
    display_title: job.name,
    head_branch: branch,
    head_sha: job.headSha,
    path: '.github/workflows/ci.yml',
    run_number: runId,
    event: 'pull_request',
    status: job.status,
    conclusion: job.conclusion,
    workflow_id: 1,
    url,
    html_url: `https://github.com/${s.owner}/${s.name}/actions/runs/${runId}`,
    pull_requests: [],
    created_at: job.startedAt,
    updated_at: job.completedAt ?? job.startedAt,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${base}/repos/${s.owner}/${s.name}/check-suites/${job.id + 5}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    workflow_url: `${base}/repos/${s.owner}/${s.name}/actions/workflows/1`,
    head_commit: null,
    repository: repoJson(base, s),
    head_repository: repoJson(base, s),
  };
}

/** An Actions job: the check run it is, as `GET /actions/runs/{id}/jobs` lists it. */
export function jobJson(base: string, s: FakeState, job: FakeCheckRun, runId: number): Record<string, unknown> {
  return {
    id: job.id,
    run_id: runId,
    run_url: `${base}/repos/${s.owner}/${s.name}/actions/runs/${runId}`,
    node_id: nodeId('CR', job.id),
    head_sha: job.headSha,
    head_branch: s.pulls.find((p) => p.headSha === job.headSha)?.headRef ?? null,
    workflow_name: job.name.split(' / ')[0],
    name: job.name,
    url: `${base}/repos/${s.owner}/${s.name}/actions/jobs/${job.id}`,
    html_url: `https://github.com/${s.owner}/${s.name}/actions/runs/${runId}/job/${job.id}`,
    check_run_url: `${base}/repos/${s.owner}/${s.name}/check-runs/${job.id}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: job.startedAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    steps: [],
    labels: ['ubuntu-latest'],
    runner_id: 1,
    runner_name: 'GitHub Actions 1',
    runner_group_id: 1,
    runner_group_name: 'GitHub Actions',
  };
}
