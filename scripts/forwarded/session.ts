// A scripted session per server, run against the loopback fakes through the built servers over stdio, measuring
// what Claude Code forwards to the model for each answer: JSON.stringify(structuredContent) when the result has
// one, else its text (anthropics/claude-code #79944). The session also asks for the typed data (shared/tool-data.ts)
// to drive itself; Claude Code never asks, so that part is not counted. Bundled and run by scripts/bench-forwarded.mjs.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createScratch, DEMO_GIT_ENV, git } from '../../cli/demo/scratch.js';
import { startDiscordFake } from '../../testing/discord-fake/index.js';
import { startGitHubFake } from '../../testing/github-fake/index.js';
import { startProxmoxFake } from '../../testing/proxmox-fake/index.js';
import { dataOf, WITH_DATA } from '../../shared/tool-data.js';

export interface ForwardedCall {
  server: string;
  tool: string;
  /** Characters Claude Code forwards to the model. */
  forwarded: number;
  /** Characters of the text content (what the model would read if the result carried no structuredContent). */
  text: number;
}

const distDir = process.argv[2] as string;
const reportFile = process.argv[3] as string;
const calls: ForwardedCall[] = [];

async function connect(server: string, cwd: string, env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(distDir, `${server}.js`)],
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...DEMO_GIT_ENV, ...env },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench-forwarded', version: '0' });
  await client.connect(transport);
  await client.listTools();
  return {
    close: () => client.close(),
    async call(tool: string, args: Record<string, unknown> = {}) {
      const result = (await client.callTool({ name: tool, arguments: args, _meta: WITH_DATA }, undefined, {
        timeout: 120_000,
      })) as CallToolResult;
      const first = result.content?.[0];
      const text = first?.type === 'text' ? first.text : '';
      if (result.isError) throw new Error(`${server}.${tool}: ${text}`);
      const forwarded = result.structuredContent ? JSON.stringify(result.structuredContent) : text;
      calls.push({ server, tool, forwarded: forwarded.length, text: text.length });
      return { text, data: dataOf(result) };
    },
  };
}

const scratch = createScratch();
const github = await startGitHubFake({ owner: 'protolabs', name: 'greeter', gitDir: scratch.remote });
const discord = await startDiscordFake();
const proxmox = await startProxmoxFake({ taskPolls: 1 });
const approver = { id: '222222222222222222', username: 'ada' };
const common = { PROTOLABS_STATE_DIR: scratch.stateDir };
const board = await connect('board', scratch.repo, { ...common, BOARD_VERIFY_COMMAND: 'sh greet.sh Ada | grep -q Ada' });
const gh = await connect('github', scratch.repo, {
  ...common,
  GITHUB_TOKEN: github.token,
  GITHUB_API_URL: github.url,
  GITHUB_REPOSITORY: 'protolabs/greeter',
});
const dc = await connect('discord', scratch.repo, { ...common, ...discord.serverEnv([approver.id]) });
const px = await connect('proxmox', scratch.repo, { ...common, ...proxmox.env(), PROXMOX_ALLOW_ELEVATED: 'true' });
try {
  // board: plan 12 features, look, claim, log, verify, release.
  const titles = Array.from({ length: 12 }, (_, i) => `Step ${i + 1} of the greeter plan`);
  await board.call('feature_create', {
    features: titles.map((title, i) => ({
      title,
      description: `Implement part ${i + 1}: a paragraph of the kind a planner writes, naming files and the check that proves it.`,
      category: i % 2 ? 'cli' : 'docs',
      priority: (i % 4) + 1,
      ...(i > 0 ? { dependencies: [titles[i - 1]] } : {}),
    })),
  });
  await board.call('board_view');
  await board.call('feature_list');
  const claimed = (await board.call('feature_claim', { agent: 'bench' })).data.feature as { id: string; worktree: string; branch: string };
  await board.call('feature_get', { id: claimed.id });
  await board.call('feature_log', { id: claimed.id, text: 'Read greet.sh; the name comes from $1; adding a default.' });
  writeFileSync(join(claimed.worktree, 'greet.sh'), '#!/bin/sh\necho "hello, ${1:-world}"\n');
  git(claimed.worktree, 'commit', '-q', '-am', 'Greet by name');
  await board.call('feature_verify', { id: claimed.id });

  // github: open, status, feedback, CI failures.
  const pr = (await gh.call('pr_open', { feature: claimed.id, title: 'Greet by name', body: 'greet.sh NAME prints "hello, NAME".' }))
    .data as { number: number; headSha: string };
  github.addCheckRun({
    sha: pr.headSha,
    name: 'ci / test',
    status: 'completed',
    conclusion: 'failure',
    required: true,
    log: 'npm test\n  1 failing\n  greet: expected "hello, Ada"\n',
  });
  github.addCheckRun({ sha: pr.headSha, name: 'ci / lint', status: 'completed', conclusion: 'success' });
  github.addReview({ pull: pr.number, author: 'reviewer', state: 'CHANGES_REQUESTED', body: 'Please quote $1.' });
  await gh.call('pr_status', { number: pr.number });
  await gh.call('pr_feedback', { number: pr.number });
  await gh.call('ci_failures', { number: pr.number });
  await board.call('feature_release', { id: claimed.id, status: 'review', note: `PR #${pr.number} open` });

  // discord: notify, request, wait (a human approves).
  await dc.call('notify', { channel: 'dev', text: `PR #${pr.number} is ready for review.`, level: 'info' });
  const request = (
    await dc.call('approval_request', {
      title: `Merge PR #${pr.number}`,
      details: 'CI red on one check; reviewer asked for a change.',
      risk: 'low',
    })
  ).data as { id: string };
  await discord.waitFor(() => discord.liveGatewaySessions() === 1, 60_000, 'the gateway');
  await discord.clickButton({ label: 'Approve', user: approver, timeoutMs: 30_000 });
  await dc.call('approval_wait', { id: request.id, maxWaitSeconds: 30 });

  // proxmox: list, status, snapshot.
  await px.call('guest_list', {});
  await px.call('guest_status', { node: 'pve', vmid: 100, type: 'qemu' });
  await px.call('snapshot_create', { node: 'pve', vmid: 100, type: 'qemu', snapname: 'before_deploy', wait: true });
} finally {
  await Promise.allSettled([board.close(), gh.close(), dc.close(), px.close()]);
  await Promise.allSettled([github.close(), discord.close(), proxmox.close()]);
  writeFileSync(reportFile, JSON.stringify(calls));
  rmSync(scratch.root, { recursive: true, force: true });
}
