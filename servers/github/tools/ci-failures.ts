import * as z from 'zod';
import type { ToolDeps } from '../deps.js';
import { defineTool } from '../../../shared/define-tool.js';
import { ForbiddenError, InputError, ToolError } from '../../../shared/errors.js';
import { actionsJobsFor } from '../actions-jobs.js';
import { tail, untrusted, untrustedLabel } from '../../../shared/untrusted.js';
import type { GitHubApi } from '../client.js';
import { REMOTE_READ, line, issueNumber, repoField, shaField } from './common.js';

const input = z
  .object({
    number: issueNumber().optional().describe('PR number (its head commit)'),
    sha: shaField(7).optional().describe('Or: commit sha'),
    repo: repoField,
  })
  .strict();

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links) as runners emit them.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
const FAILED = new Set(['failure', 'timed_out', 'cancelled', 'action_required', 'startup_failure']);
const MAX_LOGS = 3;
const LOG_LINES = 80;
const LOG_CHARS = 3000;

interface CheckRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  details_url: string | null;
  app: { slug: string } | null;
  output: { title: string | null; summary: string | null };
}

export const ciFailures = defineTool<typeof input, ToolDeps>({
  name: 'ci_failures',
  title: 'CI failures',
  description: `Failed checks of a PR head (or sha): summary and the last ${LOG_LINES} lines of each Actions job log.`,
  input,
  hints: REMOTE_READ,
  tier: 'basic',
  async handler(args, ctx) {
    if ((args.number === undefined) === (args.sha === undefined)) throw new InputError('Pass exactly one of number or sha.');
    const api = await ctx.deps.api(args.repo, ctx.signal, ctx.progress);
    const sha =
      args.sha ??
      (
        await api.rest<{ head: { sha: string } }>(
          'GET /repos/{owner}/{repo}/pulls/{pull_number}',
          { pull_number: args.number },
          `PR #${args.number}`,
        )
      ).head.sha;
    const { runs, truncated, note: unreadable } = await checkRuns(api, sha);
    const statuses = await combinedStatuses(api, sha);
    const combined = { statuses };
    const failedRuns = runs.filter((r) => r.status === 'completed' && FAILED.has(r.conclusion ?? ''));
    const failures = [];
    for (const [index, run] of failedRuns.entries()) {
      const log = index < MAX_LOGS && run.app?.slug === 'github-actions' ? await jobLogTail(api, run.id) : undefined;
      failures.push({
        name: line(run.name, 100),
        conclusion: run.conclusion,
        jobId: run.id,
        ...(run.output.title || run.output.summary
          ? { summary: untrusted(`${run.output.title ?? ''}\n${run.output.summary ?? ''}`.trim(), 300) }
          : {}),
        ...(run.details_url ? { url: run.details_url } : {}),
        ...(log !== undefined ? { log } : {}),
      });
    }
    const failedStatuses = combined.statuses
      .filter((s) => s.state === 'failure' || s.state === 'error')
      .map((s) => ({
        name: line(s.context, 100),
        conclusion: s.state,
        ...(s.description ? { summary: untrusted(s.description, 300) } : {}),
        ...(s.target_url ? { url: s.target_url } : {}),
      }));
    const all = [...failures, ...failedStatuses];
    return {
      data: {
        sha,
        failed: all.length,
        checked: runs.length + combined.statuses.length,
        ...(truncated ? { truncated: true } : {}),
        failures: all,
        ...(failedRuns.length > MAX_LOGS ? { note: `Logs shown for the first ${MAX_LOGS} failed jobs only.` } : {}),
        ...(unreadable ? { unreadable } : {}),
      },
      text: `${render(sha, all)}${unreadable ? `\n${unreadable}` : ''}`,
    };
  },
});

/**
 * The commit's check runs; a fine-grained token, which has no Checks permission, gets the Actions jobs instead
 * (the same ids, so their logs still download), and is told that other apps' check runs could not be read.
 */
async function checkRuns(api: GitHubApi, sha: string): Promise<{ runs: CheckRun[]; truncated: boolean; note?: string }> {
  try {
    const { items, truncated } = await api.paginate<CheckRun>(
      'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
      { ref: sha },
      300,
      `Commit ${sha}`,
    );
    return { runs: items, truncated };
  } catch (error) {
    if (!(error instanceof ForbiddenError)) throw error;
    const jobs = await actionsJobsFor(api, sha);
    const runs = jobs.map((j) => ({
      id: j.id,
      name: j.name,
      status: j.status,
      conclusion: j.conclusion,
      details_url: j.html_url,
      app: { slug: 'github-actions' },
      output: { title: null, summary: null },
    }));
    return {
      runs,
      truncated: false,
      note: 'The token may not read check runs (fine-grained tokens have no Checks permission): Actions jobs and statuses were read; check runs of other apps could not be read.',
    };
  }
}

const MAX_STATUS_PAGES = 3;

/** The combined status pages 30 by default; read it all (up to 300 contexts). */
async function combinedStatuses(api: GitHubApi, sha: string) {
  type Status = { context: string; state: string; description: string | null; target_url: string | null };
  const all: Status[] = [];
  for (let page = 1; page <= MAX_STATUS_PAGES; page++) {
    const batch = await api.rest<{ total_count: number; statuses: Status[] }>(
      'GET /repos/{owner}/{repo}/commits/{ref}/status',
      { ref: sha, per_page: 100, page },
      `Commit ${sha}`,
    );
    all.push(...batch.statuses);
    if (batch.statuses.length < 100 || all.length >= batch.total_count) break;
  }
  return all;
}

async function jobLogTail(api: GitHubApi, jobId: number) {
  try {
    const text = await api.rest<string>(
      'GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs',
      { job_id: jobId },
      `The log of job ${jobId}`,
    );
    return untrusted(tail(errorFocus(String(text)), LOG_LINES, LOG_CHARS), LOG_CHARS + 10);
  } catch (error) {
    if (error instanceof ToolError) return { unavailable: error.message };
    throw error;
  }
}

/** Drops what follows the last `##[error]` line's step (post-job clean-up lines bury the error otherwise). */
function errorFocus(log: string): string {
  const lines = log.replace(/\r/g, '').split('\n');
  let lastError = -1;
  lines.forEach((l, i) => {
    if (l.includes('##[error]')) lastError = i;
  });
  const kept = lastError >= 0 ? lines.slice(0, lastError + 1) : lines;
  // ANSI colour and cursor escapes are noise to the model (and can hide text from a human reading the result).
  return kept.map((l) => l.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /, '').replace(ANSI, '')).join('\n');
}

function render(
  sha: string,
  failures: Array<{ name: string; conclusion: string | null; summary?: { text: string }; log?: unknown }>,
): string {
  if (failures.length === 0) return `No failed checks on ${sha.slice(0, 12)}.`;
  const parts = [`${failures.length} failed check(s) on ${sha.slice(0, 12)}:`];
  for (const f of failures) {
    parts.push(`- ${f.conclusion}: ${untrustedLabel(f.name, 100)}`);
    if (f.summary) parts.push(`  summary ${untrustedLabel(f.summary.text, 300)}`);
    const log = f.log as { text?: string; unavailable?: string } | undefined;
    if (log?.text) parts.push(`  log tail ${untrustedLabel(log.text, LOG_CHARS + 10)}`);
    if (log?.unavailable) parts.push(`  (log unavailable: ${log.unavailable})`);
  }
  return parts.join('\n');
}
