import * as z from 'zod';
import { defineTool } from '../../../shared/define-tool.js';
import { InputError, ToolError } from '../../../shared/errors.js';
import type { GitHubApi } from '../client.js';
import type { ToolDeps } from '../deps.js';
import { githubWebOrigin } from '../config.js';
import { currentBranch, ensurePushed, isWorktreeOf } from '../git.js';
import { REMOTE_WRITE, branchName, repoField, text } from './common.js';

const input = z
  .object({
    branch: branchName.optional().describe('Head branch (default: the feature’s, else current)'),
    feature: text(200).optional().describe('Board feature id to link the PR to'),
    title: text(256).describe('PR title'),
    body: text(65_536).optional().describe('PR description'),
    base: branchName.optional().describe('Base branch (default: the repo’s default)'),
    draft: z.boolean().optional().describe('Open as draft'),
    repo: repoField,
  })
  .strict();

interface Pull {
  number: number;
  html_url: string;
  draft?: boolean;
  base: { ref: string };
  head: { sha: string };
}

export const prOpen = defineTool<typeof input, ToolDeps>({
  name: 'pr_open',
  title: 'Open PR',
  description: 'Pushes the branch if needed, then opens its PR or returns the open one; links it on the board feature if given.',
  input,
  hints: { ...REMOTE_WRITE, idempotentHint: true },
  tier: 'basic',
  async handler(args, ctx) {
    const { deps } = ctx;
    const api = await deps.api(args.repo, ctx.signal, ctx.progress);
    let cwd = deps.cwd;
    let branch = args.branch;
    if (args.feature !== undefined) {
      const feature = await (await loadBoard(deps)).getFeatureForPr({ cwd: deps.cwd, featureId: args.feature });
      branch ??= feature.branchName;
      if (feature.worktreePath) {
        // The push runs in this directory with the token: only a worktree of this very repository qualifies.
        if (!(await isWorktreeOf(feature.worktreePath, deps.cwd, deps.gitEnv))) {
          throw new InputError(`The feature's worktree path is not a worktree of this repository; refusing to push from it.`);
        }
        cwd = feature.worktreePath;
      }
    }
    branch ??= await currentBranch(cwd, deps.gitEnv);
    if (!branchName.safeParse(branch).success) throw new InputError('The branch name is not one git accepts for a PR head.');
    const base =
      args.base ??
      (await api.rest<{ default_branch: string }>('GET /repos/{owner}/{repo}', {}, `Repository ${api.owner}/${api.repo}`)).default_branch;
    if (branch === base) throw new InputError(`${branch} is the base branch; open the PR from a feature branch (pass branch or feature).`);
    const push = await ensurePushed({ cwd, branch, token: deps.token(), env: deps.gitEnv, github: githubWebOrigin(deps.config.apiUrl) });
    const open = await api.rest<Pull[]>('GET /repos/{owner}/{repo}/pulls', { head: `${api.owner}:${branch}`, state: 'open', per_page: 1 });
    const pr = open[0] ?? (await create(api, { ...args, body: withFooter(args.body, deps.instance), branch, base }));
    const data: Record<string, unknown> = {
      number: pr.number,
      url: pr.html_url,
      created: !open[0],
      pushed: push.pushed,
      head: branch,
      base: pr.base.ref,
      headSha: pr.head.sha,
      ...(pr.draft ? { draft: true } : {}),
    };
    if (args.feature !== undefined) data.linked = await link(deps, args.feature, pr);
    const verb = open[0] ? 'Already open' : 'Opened';
    return {
      data,
      text: `${verb}: PR #${pr.number} ${branch} → ${pr.base.ref} ${pr.html_url}${push.pushed ? ' (branch pushed)' : ''}${data.linked === true ? `; linked to feature ${args.feature}` : ''}`,
    };
  },
});

async function create(
  api: GitHubApi,
  args: { branch: string; base: string; title: string; body?: string | undefined; draft?: boolean | undefined },
): Promise<Pull> {
  return api.rest<Pull>('POST /repos/{owner}/{repo}/pulls', {
    head: args.branch,
    base: args.base,
    title: args.title,
    ...(args.body !== undefined ? { body: args.body } : {}),
    ...(args.draft ? { draft: true } : {}),
  });
}

/** GitHub's limit on a PR body. */
const MAX_BODY = 65_536;

/** Other instances and reviewers see who opened it; left off a body already at GitHub's length limit. */
function withFooter(body: string | undefined, instance: string): string | undefined {
  const footer = `opened by instance ${instance}`;
  if (body === undefined) return footer;
  return body.length + footer.length + 2 > MAX_BODY ? body : `${body}\n\n${footer}`;
}

async function loadBoard(deps: ToolDeps) {
  if (!deps.board) throw new InputError('Board linking is not available in this server; omit feature and pass branch.');
  return deps.board();
}

/** The PR exists by now: a failed link is reported, not thrown, so the agent does not open it again. */
async function link(deps: ToolDeps, featureId: string, pr: Pull): Promise<true | string> {
  try {
    await (await loadBoard(deps)).linkPullRequest({ cwd: deps.cwd, featureId, prNumber: pr.number, prUrl: pr.html_url });
    return true;
  } catch (error) {
    if (error instanceof ToolError) return `not linked: ${error.message}`;
    deps.log.error({ err: error }, 'linking the PR on the board failed');
    return 'not linked: the board update failed unexpectedly';
  }
}
