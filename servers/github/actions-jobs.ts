import type { GitHubApi } from './client.js';

export interface ActionsJob {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  html_url: string | null;
}

const MAX_RUNS = 20;

/**
 * The Actions jobs of a commit: what a fine-grained token can read when GitHub refuses it the check runs
 * (Actions jobs are check runs of the github-actions app, and their ids are the same).
 */
export async function actionsJobsFor(api: GitHubApi, sha: string): Promise<ActionsJob[]> {
  const { items: runs } = await api.paginate<{ id: number }>(
    'GET /repos/{owner}/{repo}/actions/runs',
    { head_sha: sha },
    MAX_RUNS,
    `Actions runs of ${sha}`,
  );
  const jobs: ActionsJob[] = [];
  for (const run of runs) {
    const { items } = await api.paginate<ActionsJob>(
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs',
      { run_id: run.id },
      100,
      `Actions run ${run.id}`,
    );
    jobs.push(...items);
  }
  return jobs;
}
