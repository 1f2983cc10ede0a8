import * as z from 'zod';
import type { ToolDeps } from '../deps.js';
import { DESTRUCTIVE, defineTool } from '../../../shared/define-tool.js';
import { ConflictError, InputError, NotFoundError, ToolError } from '../../../shared/errors.js';
import type { GitHubApi } from '../client.js';
import { fetchPullRequest, summarize, type PullRequestNode, type PullRequestSummary } from '../pr-state.js';
import { prNumber, repoField, shaField } from './common.js';

const input = z
  .object({
    number: prNumber,
    method: z.enum(['merge', 'squash', 'rebase']).describe('Merge method'),
    expectedHeadSha: shaField(40).describe('Head sha you checked (pr_status)'),
    whenReady: z.boolean().optional().describe('Enable auto-merge if not ready yet'),
    deleteBranch: z.boolean().optional().describe('Delete the head branch after merging'),
    repo: repoField,
  })
  .strict();

const AUTO_MERGE = `mutation EnableAutoMerge($pullRequestId:ID!,$mergeMethod:PullRequestMergeMethod!,$expectedHeadOid:GitObjectID){enablePullRequestAutoMerge(input:{pullRequestId:$pullRequestId,mergeMethod:$mergeMethod,expectedHeadOid:$expectedHeadOid}){pullRequest{number autoMergeRequest{enabledAt}}}}`;

export const prMerge = defineTool<typeof input, ToolDeps>({
  name: 'pr_merge',
  title: 'Merge PR',
  description:
    'Merges if the head is still expectedHeadSha and no required check or review blocks; whenReady enables auto-merge while checks/approval are pending.',
  input,
  hints: { ...DESTRUCTIVE, openWorldHint: true },
  tier: 'elevated',
  async handler({ number, method, expectedHeadSha, whenReady, deleteBranch, repo }, ctx) {
    const api = await ctx.deps.api(repo, ctx.signal, ctx.progress);
    ctx.audit({ repo: `${api.owner}/${api.repo}` });
    const pr = await fetchPullRequest(api, number);
    const status = summarize(pr);
    const waitable = refuseUnlessMergeable(status, expectedHeadSha);
    if (waitable.length > 0) {
      if (!whenReady) {
        throw new ConflictError(
          `PR #${number} is not ready to merge (${waitable.join('; ')}); wait for it (pr_status waitForChecks) or pass whenReady to enable auto-merge.`,
        );
      }
      const enabled = await enableAutoMerge(api, pr, method, expectedHeadSha);
      if (enabled) {
        ctx.audit({ autoMerge: true });
        return {
          data: { number, merged: false, autoMerge: method, waitingFor: waitable },
          text: `Auto-merge (${method}) enabled on PR #${number}; GitHub merges it once ${waitable.join(' and ')} clear.`,
        };
      }
    }
    const merged = await api
      .rest<{ sha: string; merged: boolean }>(
        'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge',
        { pull_number: number, merge_method: method, sha: expectedHeadSha },
        `PR #${number}`,
      )
      .catch((error: unknown) => namingAllowedMethods(api, error));
    ctx.audit({ mergeSha: merged.sha });
    const branch = deleteBranch ? await deleteHeadBranch(api, pr) : undefined;
    // the feature linked to this very PR (by its URL: PR numbers are per repository); a bare number only by default
    const feature = await recordOnBoard(ctx.deps, { prNumber: number, prUrl: pr.url, defaultRepository: repo === undefined }, merged.sha);
    const next =
      feature === undefined
        ? ''
        : typeof feature === 'string' && feature.startsWith('not recorded')
          ? `; ${feature}`
          : `, recorded on its feature. Next: board feature_finish {"id":"${feature}"}`;
    return {
      data: {
        number,
        merged: true,
        sha: merged.sha,
        method,
        branchDeleted: branch === true,
        ...(typeof branch === 'string' ? { branchNote: branch } : {}),
        ...(feature ? { feature } : {}),
      },
      text: `Merged PR #${number} (${method}) as ${merged.sha.slice(0, 12)}${typeof branch === 'string' ? ` (${branch})` : ''}${next}`,
    };
  },
});

/** The merge is done on GitHub by now: a failed board update is reported, not thrown, so the agent does not retry the merge. */
async function recordOnBoard(
  deps: ToolDeps,
  pr: { prNumber: number; prUrl: string; defaultRepository: boolean },
  mergeCommit: string,
): Promise<string | undefined> {
  if (!deps.board) return undefined;
  try {
    return await (await deps.board()).recordPullRequestMerge({ cwd: deps.cwd, ...pr, mergeCommit, mergedAt: new Date().toISOString() });
  } catch (error) {
    if (error instanceof NotFoundError) return undefined; // no board here
    deps.log.error({ err: error }, 'recording the merge on the board failed');
    return `not recorded on the board: ${error instanceof ToolError ? error.message : 'the board update failed unexpectedly'}`;
  }
}

/**
 * GitHub refused the method ("Squash merges are not allowed on this repository." from REST, "Merge method squash
 * merging is not allowed …" from GraphQL): the error says which ones the repository allows.
 */
async function namingAllowedMethods(api: GitHubApi, error: unknown): Promise<never> {
  if (!(error instanceof ToolError) || !/not allowed on this repository/.test(error.message)) throw error;
  const settings = await api
    .rest<{ allow_merge_commit?: boolean; allow_squash_merge?: boolean; allow_rebase_merge?: boolean }>(
      'GET /repos/{owner}/{repo}',
      {},
      `Repository ${api.owner}/${api.repo}`,
    )
    .catch(() => undefined);
  if (!settings) throw error;
  const allowed = [
    settings.allow_merge_commit ? 'merge' : undefined,
    settings.allow_squash_merge ? 'squash' : undefined,
    settings.allow_rebase_merge ? 'rebase' : undefined,
  ].filter((m) => m !== undefined);
  if (allowed.length === 0) throw error;
  const list = allowed.length === 1 ? allowed[0] : `${allowed.slice(0, -1).join(', ')} and ${allowed.at(-1)}`;
  const refusal = error.message.endsWith('.') ? error.message : `${error.message}.`;
  throw new ConflictError(`${refusal} It allows ${list}; call pr_merge with ${allowed.length === 1 ? 'it' : 'one of them'}.`);
}

/** Throws for what no waiting fixes; returns what GitHub would clear by itself (pending checks, approval). */
function refuseUnlessMergeable(s: PullRequestSummary, expectedHeadSha: string): string[] {
  if (s.state !== 'OPEN') throw new ConflictError(`PR #${s.number} is already ${s.state.toLowerCase()}.`);
  if (s.headSha !== expectedHeadSha) {
    throw new ConflictError(
      `The head of PR #${s.number} moved to ${s.headSha} (expected ${expectedHeadSha.slice(0, 12)}); check pr_status and CI for the new head before merging.`,
    );
  }
  const hard: string[] = [];
  if (s.draft) hard.push('it is a draft');
  if (s.mergeable === 'CONFLICTING') hard.push('it conflicts with the base branch');
  if (s.checks.requiredFailing > 0)
    hard.push(
      `required checks fail: ${s.checks.failing
        .filter((c) => c.required || c.requiredUnknown)
        .map((c) => c.name)
        .join(', ')}`,
    );
  if (s.reviewDecision === 'CHANGES_REQUESTED' || s.changesRequestedBy.length > 0) hard.push('changes were requested');
  if (hard.length > 0) throw new ConflictError(`Refusing to merge PR #${s.number}: ${hard.join('; ')}.`);
  const waitable: string[] = [];
  if (s.checks.requiredPending > 0) waitable.push('required checks pending');
  if (s.reviewDecision === 'REVIEW_REQUIRED') waitable.push('an approving review');
  // GitHub may block on what the rollup does not show (a required check not reported yet, right after a push).
  if (waitable.length === 0 && s.mergeable === 'UNKNOWN') waitable.push('GitHub computing mergeability');
  else if (waitable.length === 0 && ['BLOCKED', 'BEHIND', 'UNKNOWN'].includes(s.mergeState))
    waitable.push(`GitHub reports it ${s.mergeState.toLowerCase()} (a required check not reported yet, or another rule)`);
  return waitable;
}

/**
 * After the merge: the branch may already be gone (the repository deletes head branches on merge), which is
 * success; a fork's branch is not in this repository, and a same-named branch here must not be touched.
 */
async function deleteHeadBranch(api: GitHubApi, pr: PullRequestNode): Promise<true | string> {
  if (pr.isCrossRepository) return `the head branch is in ${pr.headRepository?.nameWithOwner ?? 'a fork'}; not deleted`;
  try {
    await api.rest('DELETE /repos/{owner}/{repo}/git/refs/{ref}', { ref: `heads/${pr.headRefName}` }, `Branch ${pr.headRefName}`);
    return true;
  } catch (error) {
    if (error instanceof NotFoundError || (error instanceof InputError && /reference does not exist/i.test(error.message))) return true;
    if (error instanceof ToolError) return `merged, but the branch was not deleted: ${error.message}`;
    throw error;
  }
}

/** Enables auto-merge; false when GitHub says the PR is already clean (then it can be merged directly). */
async function enableAutoMerge(api: GitHubApi, pr: PullRequestNode, method: string, expectedHeadOid: string): Promise<boolean> {
  try {
    await api.graphql(AUTO_MERGE, { pullRequestId: pr.id, mergeMethod: method.toUpperCase(), expectedHeadOid }, `PR #${pr.number}`);
    return true;
  } catch (error) {
    // GitHub refuses auto-merge for a PR it could merge now (clean, or unstable: only optional checks fail).
    if (error instanceof ToolError && /(clean|unstable|has hooks) status/i.test(error.message)) return false;
    return namingAllowedMethods(api, error);
  }
}
