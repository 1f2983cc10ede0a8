import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDiscordFake } from '../../testing/discord-fake/index.js';
import { startGitHubFake } from '../../testing/github-fake/index.js';
import { startProxmoxFake } from '../../testing/proxmox-fake/index.js';
import { openDemoPage } from '../board-web/demo-page.js';
import { type BoardViewData, boardLines } from './board-lines.js';
import { createScratch, DEMO_GIT_ENV, git } from './scratch.js';
import { SERVER_NAMES } from '../../shared/servers.js';
import { DemoServer, type ServerName } from './servers.js';

export interface DemoOptions {
  /** Keep the scratch folder for inspection. */
  keep?: boolean;
  /** Serve the scratch board as a live page while the loop runs, and keep it up until Ctrl-C. */
  web?: boolean;
  write?: (text: string) => void;
}

const APPROVER = { id: '222222222222222222', username: 'ada' };
const CHECK = 'sh greet.sh Ada | grep -q "hello, Ada"';
/** What the agent writes for each planned feature (each builds on the one merged before it). */
const CHANGES: Record<string, { file: string; text: string }> = {
  'Greet by name': { file: 'greet.sh', text: '#!/bin/sh\necho "hello, ${1:-world}"\n' },
  'Add a --shout flag': {
    file: 'greet.sh',
    text: '#!/bin/sh\nif [ "$1" = --shout ]; then shift; echo "hello, ${1:-world}" | tr a-z A-Z; exit; fi\necho "hello, ${1:-world}"\n',
  },
  'Document usage': {
    file: 'README.md',
    text: '# greeter\n\nSays hello.\n\n    sh greet.sh Ada          # hello, Ada\n    sh greet.sh --shout Ada  # HELLO, ADA\n',
  },
};

/**
 * The whole protoLabs loop with no credentials and no network, three times through GitHub: plan → for each feature
 * claim from the fresh base (worktree) → commit → verify → PR → approval by a (simulated) human → merge on GitHub
 * (squash, in the fake's bare repository) → feature_finish (sync, done, clean up) → infrastructure, through the four real servers as child
 * processes, against loopback fakes of GitHub, Discord and Proxmox. Returns the exit code.
 */
export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const scratch = createScratch();
  const github = await startGitHubFake({ owner: 'protolabs', name: 'greeter', gitDir: scratch.remote, requireApproval: true });
  const discord = await startDiscordFake();
  const proxmox = await startProxmoxFake({ taskPolls: 1 });
  const page = options.web ? await openDemoPage(scratch.repo, scratch.stateDir) : undefined;
  if (page) write(`The board is live at ${page.url} (read-only)\n\n`);
  const servers = new Map<ServerName, DemoServer>();
  const started = performance.now();
  let step = 0;
  const TOTAL = 7;
  let notes: string[] | undefined;
  /** Indented lines under the step's progress line (held until the step's line is printed). */
  const note = (text: string) => {
    const lines = text.split('\n').map((line) => `      ${line}`);
    if (notes) notes.push(...lines);
    else write(`${lines.join('\n')}\n`);
  };
  const run = async <T>(title: string, fn: () => Promise<T>): Promise<T> => {
    step++;
    notes = [];
    const t0 = performance.now();
    const result = await fn();
    write(`[${step}/${TOTAL}] ${title} ✔ (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    if (notes.length) write(`${notes.join('\n')}\n`);
    notes = undefined;
    return result;
  };
  const server = (name: ServerName): DemoServer => servers.get(name) as DemoServer;
  const titles = new Map<string, string>();
  const showBoard = async () => {
    note(boardLines((await server('board').call('board_view')).data as unknown as BoardViewData, titles, scratch.repo));
  };
  try {
    await run('Scratch repository, loopback GitHub/Discord/Proxmox, four MCP servers over stdio', async () => {
      const common = { ...DEMO_GIT_ENV, PROTOLABS_STATE_DIR: scratch.stateDir, PROTOLABS_INSTANCE: 'demo' };
      const env: Record<ServerName, Record<string, string>> = {
        board: { ...common, BOARD_VERIFY_COMMAND: CHECK },
        github: {
          ...common,
          GITHUB_TOKEN: github.token,
          GITHUB_API_URL: github.url,
          GITHUB_REPOSITORY: 'protolabs/greeter',
          GITHUB_ALLOW_ELEVATED: 'true',
        },
        discord: { ...common, ...discord.serverEnv([APPROVER.id]) },
        proxmox: { ...common, ...proxmox.env(), PROXMOX_ALLOW_ELEVATED: 'true' },
      };
      for (const name of SERVER_NAMES) {
        servers.set(name, await DemoServer.start(name, scratch.repo, env[name]));
      }
      note([...servers.values()].map((s) => `${s.name}: ${s.toolCount} tools`).join(' · '));
    });

    const plan = await run('board · plan three features with dependencies', async () => {
      const created = await server('board').call('feature_create', {
        features: [
          { title: 'Greet by name', description: 'greet.sh NAME prints "hello, NAME".', priority: 1, category: 'cli' },
          { title: 'Add a --shout flag', description: 'Upper-case the greeting.', dependencies: ['Greet by name'], category: 'cli' },
          {
            title: 'Document usage',
            description: 'README shows both forms.',
            dependencies: ['Greet by name', 'Add a --shout flag'],
            category: 'docs',
          },
        ],
      });
      return created.data.features as Array<{ id: string; title: string }>;
    });
    for (const f of plan) titles.set(f.id, f.title);
    await showBoard();

    let approvals = 0;
    /** One feature through the whole loop: claim from the fresh base, commit, verify, PR, approval, merge on GitHub, finish. */
    const loop = async (planned: { id: string; title: string }) => {
      const claimed = (await server('board').call('feature_claim', { agent: 'demo-agent' })).data.feature as {
        id: string;
        title: string;
        worktree: string;
        branch: string;
      };
      if (claimed.id !== planned.id) throw new Error(`claimed "${claimed.title}", expected "${planned.title}" next`);
      const fork = git(claimed.worktree, 'rev-parse', 'HEAD');
      const origin = git(scratch.remote, 'rev-parse', 'main');
      note(
        `claimed (a worktree appears) → ${claimed.branch}, forked from ${fork === origin ? 'origin/main' : 'a stale main'} ${fork.slice(0, 7)}`,
      );
      const change = CHANGES[claimed.title] ?? { file: 'NOTES.md', text: `${claimed.title}\n` };
      writeFileSync(join(claimed.worktree, change.file), change.text);
      git(claimed.worktree, 'commit', '-q', '-am', claimed.title);
      const verified = await server('board').call('feature_verify', { id: claimed.id });
      const passed = /^PASSED/.test(verified.text) ? 'verify passed' : (verified.text.split('\n')[0] ?? '');
      note(
        `committed ${git(claimed.worktree, 'log', '-1', '--format=%h "%s"')}: ${git(claimed.worktree, 'diff', '--shortstat', 'HEAD~1', 'HEAD')}; ${passed}`,
      );
      const pr = (await server('github').call('pr_open', { feature: claimed.id, title: claimed.title, body: `Implements ${claimed.id}.` }))
        .data as { number: number; url: string; headSha: string };
      await server('board').call('feature_release', { id: claimed.id, status: 'review', note: `PR #${pr.number} open` });
      await server('discord').call('notify', {
        channel: 'dev',
        text: `PR #${pr.number} (${claimed.title}) is ready for review.`,
        level: 'info',
        url: pr.url,
        feature: claimed.id,
      });
      const request = await server('discord').call('approval_request', {
        title: `Merge PR #${pr.number}: ${claimed.title}`,
        details: 'Verification passed; CI green; one approving review.',
        feature: claimed.id,
        risk: 'low',
      });
      await discord.waitFor(() => discord.liveGatewaySessions() === 1, 20_000, 'the discord server to connect its gateway');
      await discord.clickButton({ label: 'Approve', user: APPROVER, timeoutMs: 10_000 });
      const decision = await server('discord').call('approval_wait', { id: request.data.id, maxWaitSeconds: 30 });
      if (decision.data.status !== 'approved') throw new Error(`the approval ended ${String(decision.data.status)}`);
      approvals++;
      github.addCheckRun({ sha: pr.headSha, name: 'ci / test', conclusion: 'success', status: 'completed', required: true });
      github.addReview({ pull: pr.number, author: 'reviewer', state: 'APPROVED', body: 'Looks good.' });
      const merged = await server('github').call('pr_merge', { number: pr.number, method: 'squash', expectedHeadSha: pr.headSha });
      note(
        `PR #${pr.number} → approved by ${(decision.data.decidedBy as { name?: string } | undefined)?.name ?? 'a human'} in Discord → merged PR #${pr.number} on GitHub as ${String(merged.data.sha).slice(0, 12)} (squash)`,
      );
      const finished = await server('board').call('feature_finish', { id: claimed.id });
      note(
        `feature_finish: ${finished.text
          .split('\n')
          .slice(0, 2)
          .join(' ')
          .replaceAll(claimed.id, 'done')
          .replace(/^done is done: /, '')}`,
      );
    };
    for (const f of plan) {
      await run(`${f.title}: claim → commit → verify → PR → approval in Discord → merge on GitHub → feature_finish`, () => loop(f));
      await showBoard();
    }

    await run('git · local main is origin/main, every feature done, no worktree left', async () => {
      const local = git(scratch.repo, 'rev-parse', 'main');
      const origin = git(scratch.remote, 'rev-parse', 'main');
      const worktrees = git(scratch.repo, 'worktree', 'list', '--porcelain')
        .split('\n')
        .filter((l) => l.startsWith('worktree ')).length;
      const counts = ((await server('board').call('board_view')).data as unknown as BoardViewData).counts;
      if (local !== origin || worktrees !== 1 || counts.done !== plan.length) {
        throw new Error(
          `the loop did not end clean: main ${local.slice(0, 12)}, origin/main ${origin.slice(0, 12)}, ${worktrees - 1} worktree(s) left, ${counts.done ?? 0} done`,
        );
      }
      note(`main = origin/main = ${local.slice(0, 12)}: ${git(scratch.repo, 'log', '--format=%s', 'main').split('\n').join(' ← ')}`);
    });

    await run('proxmox · look at the infrastructure and snapshot the web VM before deploying', async () => {
      const guests = await server('proxmox').call('guest_list', {});
      const list = guests.data.guests as Array<{ vmid: number; name: string; type: string; node: string; status: string }>;
      note(list.map((g) => `${g.type} ${g.vmid} ${g.name} on ${g.node}: ${g.status}`).join('\n'));
      const snapshot = await server('proxmox').call('snapshot_create', {
        node: 'pve',
        vmid: 100,
        type: 'qemu',
        snapname: 'before_greeter_deploy',
        wait: true,
      });
      note(`snapshot before_greeter_deploy: task ${String(snapshot.data.exitstatus)} (${String(snapshot.data.upid)})`);
    });

    write(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s. What each server did:\n`);
    for (const s of servers.values()) write(`  ${s.name.padEnd(8)} ${s.calls.length} calls: ${[...new Set(s.calls)].join(', ')}\n`);
    write(
      `  fakes    GitHub ${github.requests.length} requests · Discord ${discord.requests.length} requests, ${discord.gatewayConnections.length} gateway connection, ${approvals} approvals · Proxmox ${proxmox.requests.length} requests\n`,
    );
    write(`  planned  ${plan.map((f) => f.title).join(' → ')}\n`);
    if (options.keep) write(`\nThe scratch repository is kept at ${scratch.repo}\n`);
    if (page) {
      write(`\nThe board stays at ${page.url} until Ctrl-C.\n`);
      await page.untilStopped();
    }
    return 0;
  } catch (error) {
    write(`\n✘ The demo stopped: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await Promise.allSettled([...servers.values()].map((s) => s.close()));
    await Promise.allSettled([github.close(), discord.close(), proxmox.close(), page?.close()]);
    if (!options.keep) rmSync(scratch.root, { recursive: true, force: true });
  }
}
