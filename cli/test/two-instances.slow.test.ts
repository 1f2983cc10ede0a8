import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDiscordFake, type DiscordFake } from '../../testing/discord-fake/index.js';
import { startGitHubFake, type GitHubFake } from '../../testing/github-fake/index.js';
import { spawnServer, type SpawnedServer } from '../../testing/mcp-client.js';

// Two instances — two clones of one repository, two boards, two sets of server processes, two state folders (two
// machines) — working against one GitHub and one Discord. They never talk to each other: what one sees of the
// other comes through GitHub (PRs, blocker issues, the base branch) and Discord (approval cards).

const APPROVER = { id: '333333333333333333', username: 'grace' };
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

interface Instance {
  name: string;
  repo: string;
  board: SpawnedServer;
  github: SpawnedServer;
  discord: SpawnedServer;
}

const root = realpathSync(mkdtempSync(join(tmpdir(), 'two-instances-')));
const servers: SpawnedServer[] = [];
let github: GitHubFake | undefined;
let discord: DiscordFake | undefined;

afterAll(async () => {
  await Promise.allSettled(servers.map((s) => s.close()));
  await discord?.close();
  await github?.close();
  rmSync(root, { recursive: true, force: true });
});

async function startInstance(name: string, bare: string, gh: GitHubFake, dc: DiscordFake): Promise<Instance> {
  const repo = join(root, name, 'greeter');
  mkdirSync(join(root, name, 'state'), { recursive: true });
  git(root, 'clone', '-q', bare, repo);
  const common = { PROTOLABS_INSTANCE: name, PROTOLABS_STATE_DIR: join(root, name, 'state') };
  const start = async (file: string, env: Record<string, string>) => {
    const server = await spawnServer(file, [], { ...common, ...env }, repo);
    servers.push(server);
    return server;
  };
  return {
    name,
    repo,
    board: await start('board.js', {}),
    github: await start('github.js', {
      GITHUB_TOKEN: gh.token,
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: 'protolabs/greeter',
      GITHUB_ALLOW_ELEVATED: 'true',
    }),
    discord: await start('discord.js', dc.serverEnv([APPROVER.id])),
  };
}

async function ok(server: SpawnedServer, tool: string, args: Record<string, unknown> = {}) {
  const result = await server.call(tool, args, { timeoutMs: 120_000 });
  if (result.isError) throw new Error(`${tool} failed: ${result.text}`);
  return result;
}

/** Claims the next feature, commits a file of its own, opens its PR and asks #approvals. */
async function propose(i: Instance, file: string) {
  const feature = (await ok(i.board, 'feature_claim', { agent: `${i.name}-agent` })).data.feature as {
    id: string;
    title: string;
    worktree: string;
  };
  const fork = git(feature.worktree, 'rev-parse', 'HEAD');
  writeFileSync(join(feature.worktree, file), `${feature.title}\n`);
  git(feature.worktree, 'add', '.');
  git(feature.worktree, 'commit', '-q', '-m', feature.title);
  const pr = (await ok(i.github, 'pr_open', { feature: feature.id, title: feature.title })).data as { number: number; headSha: string };
  const approval = (
    await ok(i.discord, 'approval_request', { title: `Merge PR #${pr.number}`, details: feature.title, feature: feature.id })
  ).data as { id: string; messageUrl: string };
  return { ...feature, fork, pr, approval };
}

describe('two instances on one GitHub and one Discord', () => {
  it('share blockers and the base through GitHub, get only their own approvals, and both end on origin/main', {
    timeout: 600_000,
  }, async () => {
    const bare = join(root, 'origin.git');
    git(root, 'init', '-q', '--bare', '-b', 'main', bare);
    const seed = join(root, 'seed');
    git(root, 'clone', '-q', bare, seed);
    writeFileSync(join(seed, 'README.md'), '# greeter\n');
    git(seed, 'add', '.');
    git(seed, 'commit', '-q', '-m', 'start');
    git(seed, 'push', '-q', 'origin', 'HEAD:main');
    github = await startGitHubFake({ owner: 'protolabs', name: 'greeter', gitDir: bare, deleteBranchOnMerge: true });
    discord = await startDiscordFake();
    const alpha = await startInstance('alpha', bare, github, discord);
    const bravo = await startInstance('bravo', bare, github, discord);
    const pair = [alpha, bravo];
    for (const i of pair) {
      await ok(i.board, 'feature_create', {
        features: [
          { title: `${i.name} one`, priority: 1 },
          { title: `${i.name} two`, dependencies: [`${i.name} one`] },
        ],
      });
    }

    // Round one: both propose at once; the same blocker reported by both is one issue with both instances on it.
    const first = await Promise.all(pair.map((i) => propose(i, `${i.name}-1.txt`)));
    const reports = await Promise.all(
      pair.map((i) => ok(i.github, 'issue_report', { title: 'CI runner out of disk', body: `${i.name}: npm ci fails with ENOSPC` })),
    );
    const open = github.state.issues.filter((x) => x.state === 'open');
    expect(open).toHaveLength(1);
    expect(reports.map((r) => r.data.number)).toEqual([open[0]?.number, open[0]?.number]);
    const said = [open[0]?.body ?? '', ...github.state.comments.filter((c) => c.issueNumber === open[0]?.number).map((c) => c.body)].join(
      '\n',
    );
    expect(said).toContain('reported by instance alpha');
    expect(said).toContain('reported by instance bravo');
    // Each sees the other's PR through GitHub, signed by the instance that opened it.
    const listed = await ok(alpha.github, 'pr_list', {});
    expect(listed.text).toContain(`#${first[1]?.pr.number}`);
    expect(github.state.pulls.map((p) => p.body?.split('\n').at(-1)).sort()).toEqual([
      'opened by instance alpha',
      'opened by instance bravo',
    ]);

    // Each card in #approvals says which instance asked.
    const cards = first.map((p) => discord!.messages.get(p.approval.messageUrl.split('/').at(-1) as string)?.content ?? '');
    expect(cards[0]).toMatch(/\*\*From:\*\* alpha \(session/);
    expect(cards[1]).toMatch(/\*\*From:\*\* bravo \(session/);

    // The human decides bravo's card first, then alpha's: each decision reaches only the instance that asked.
    await discord.waitFor(() => discord!.liveGatewaySessions() === 2, 30_000, 'both discord servers to connect their gateways');
    for (const p of [first[1], first[0]]) {
      const outcome = await discord.clickButton({
        messageId: p!.approval.messageUrl.split('/').at(-1) as string,
        label: 'Approve',
        user: APPROVER,
        timeoutMs: 15_000,
      });
      expect(outcome).toMatchObject({ deliveredTo: 2, callback: expect.anything() });
    }
    for (const [n, i] of pair.entries()) {
      const decided = await ok(i.discord, 'approval_wait', { id: first[n]!.approval.id, maxWaitSeconds: 30 });
      expect(decided.data.status).toBe('approved');
      const other = await i.discord.call('approval_wait', { id: first[1 - n]!.approval.id, maxWaitSeconds: 1 });
      expect(other.isError).toBe(true);
    }
    expect(discord.interactionCallbacks.filter((c) => c.rejected)).toEqual([]);

    // Both merged on GitHub (bravo's on top of alpha's), then each finishes its own from the fetched base.
    for (const [n, i] of pair.entries())
      await ok(i.github, 'pr_merge', { number: first[n]!.pr.number, method: 'squash', expectedHeadSha: first[n]!.pr.headSha });
    for (const [n, i] of pair.entries()) await ok(i.board, 'feature_finish', { id: first[n]!.id });

    // Round two starts from the base both merges made; merged with rebase this time.
    const origin = git(bare, 'rev-parse', 'main');
    const second = [];
    for (const i of pair) second.push(await propose(i, `${i.name}-2.txt`));
    expect(second.map((s) => s.fork)).toEqual([origin, origin]);
    for (const p of second) {
      await discord.clickButton({
        messageId: p.approval.messageUrl.split('/').at(-1) as string,
        label: 'Approve',
        user: APPROVER,
        timeoutMs: 15_000,
      });
    }
    for (const [n, i] of pair.entries()) {
      expect((await ok(i.discord, 'approval_wait', { id: second[n]!.approval.id, maxWaitSeconds: 30 })).data.status).toBe('approved');
      await ok(i.github, 'pr_merge', { number: second[n]!.pr.number, method: 'rebase', expectedHeadSha: second[n]!.pr.headSha });
    }
    for (const [n, i] of pair.entries()) await ok(i.board, 'feature_finish', { id: second[n]!.id });

    const final = git(bare, 'rev-parse', 'main');
    expect(git(bare, 'ls-tree', '--name-only', 'main').split('\n').sort()).toEqual([
      'README.md',
      'alpha-1.txt',
      'alpha-2.txt',
      'bravo-1.txt',
      'bravo-2.txt',
    ]);
    for (const i of pair) {
      expect(git(i.repo, 'rev-parse', 'main')).toBe(final);
      expect(
        git(i.repo, 'worktree', 'list', '--porcelain')
          .split('\n')
          .filter((l) => l.startsWith('worktree ')),
      ).toHaveLength(1);
      const counts = (await ok(i.board, 'board_view')).data.counts as Record<string, number>;
      expect(counts.done).toBe(2);
    }
    expect(github.state.issues.filter((x) => x.state === 'open')).toHaveLength(1);
  });
});
