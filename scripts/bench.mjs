#!/usr/bin/env node
// npm run bench: start-up and context cost of every server, and the board's latency and throughput figures.
// Not part of npm test. Usage: node scripts/bench.mjs [--runs N] [--quick]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LIST_ENV } from './server-env.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runs = Number(args[args.indexOf('--runs') + 1]) || (quick ? 3 : 7);
const GIT_ENV = { GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

function scratchRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-repo-'));
  const git = (...a) => execFileSync('git', a, { cwd: dir, env: { ...process.env, ...GIT_ENV } });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), '# bench\n');
  git('add', '.');
  git('commit', '-q', '-m', 'init');
  return dir;
}

async function connect(bin, cwd, env = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(root, 'dist', bin)],
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', PROTOLABS_STATE_DIR: join(cwd, '.state'), ...GIT_ENV, ...env },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(transport);
  return { client, transport };
}

function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function startup(name, cwd) {
  const times = [];
  let tools = [];
  let rss = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const { client, transport } = await connect(`${name}.js`, cwd, LIST_ENV[name]);
    ({ tools } = await client.listTools());
    times.push(performance.now() - t0);
    rss.push(peakRssMb(transport.pid));
    await client.close();
  }
  const bytes = Buffer.byteLength(JSON.stringify(tools));
  return { name, medianMs: median(times), peakRssMb: median(rss), tools: tools.length, bytes, tokens: Math.round(bytes / 4) };
}

function seedBoard(repo, count) {
  const dir = join(repo, '.automaker', 'features');
  rmSync(join(repo, '.automaker'), { recursive: true, force: true });
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const id = `feature-${base + i}-${i.toString(36).padStart(9, '0')}`;
    const createdAt = new Date(base + i).toISOString();
    mkdirSync(join(dir, id), { recursive: true });
    const status = i % 5 === 0 ? 'done' : 'backlog';
    writeFileSync(
      join(dir, id, 'feature.json'),
      JSON.stringify({ id, title: `Feature ${i}`, description: `Build part ${i} of the system.`, category: `c${i % 7}`, priority: (i % 4) + 1, status, dependencies: i > 10 && i % 3 === 0 ? [`feature-${base + i - 5}-${(i - 5).toString(36).padStart(9, '0')}`] : [], statusHistory: [], createdAt, updatedAt: createdAt }, null, 2),
    );
  }
}

async function boardLatency(repo, size) {
  seedBoard(repo, size);
  const { client } = await connect('board.js', repo);
  const list = [];
  const claim = [];
  await client.callTool({ name: 'feature_list', arguments: { limit: 50 } }); // warm the cache, as a live session would be
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    await client.callTool({ name: 'feature_list', arguments: { limit: 50 } });
    list.push(performance.now() - t0);
  }
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    const r = await client.callTool({ name: 'feature_claim', arguments: { worktree: false } });
    claim.push(performance.now() - t0);
    if (!r.structuredContent?.feature) throw new Error('nothing to claim');
  }
  const withWorktree = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = await client.callTool({ name: 'feature_claim', arguments: {} });
    withWorktree.push(performance.now() - t0);
    if (!r.structuredContent?.feature?.worktree) throw new Error(`claim without a worktree: ${JSON.stringify(r.content)}`);
  }
  await client.close();
  return { size, listMs: median(list), claimMs: median(claim), claimWorktreeMs: median(withWorktree) };
}

async function claimThroughput(repo, processes, features) {
  seedBoard(repo, features);
  const clients = await Promise.all(Array.from({ length: processes }, () => connect('board.js', repo)));
  const t0 = performance.now();
  const counts = await Promise.all(
    clients.map(async ({ client }) => {
      let n = 0;
      for (;;) {
        const r = await client.callTool({ name: 'feature_claim', arguments: { worktree: false } });
        if (!r.structuredContent?.feature) return n;
        n++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(clients.map(({ client }) => client.close()));
  const claimed = counts.reduce((a, b) => a + b, 0);
  return { processes, claimed, perSecond: claimed / seconds };
}

async function worktreeOverhead() {
  const entry = join(root, 'servers', 'board', 'git', 'bench.ts');
  if (!existsSync(entry)) return undefined;
  const { build } = await import('esbuild');
  const out = join(root, 'node_modules', '.cache', 'bench-worktrees.mjs');
  await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' });
  const { benchWorktreeOverhead } = await import(out);
  return benchWorktreeOverhead(quick ? 3 : 7);
}

const repo = scratchRepo();
console.log(`protolabs-mcp bench · node ${process.version} · ${runs} runs per start-up figure\n`);
console.log('Start-up (spawn → tools/list answered, every tier on, no network)');
console.log('server    median      peak RSS   tools  definitions');
for (const name of ['board', 'github', 'discord', 'proxmox']) {
  if (!existsSync(join(root, 'dist', `${name}.js`))) {
    console.log(`${name.padEnd(9)} (not built)`);
    continue;
  }
  const r = await startup(name, repo);
  console.log(`${name.padEnd(9)} ${ms(r.medianMs).padEnd(11)} ${r.peakRssMb.toFixed(1).padStart(5)} MB   ${String(r.tools).padStart(5)}  ${r.bytes} bytes ≈ ${r.tokens} tokens`);
}

console.log('\nBoard latency over stdio (median of 15; targets at 5,000: claim ≤ 50 ms, list of 50 ≤ 30 ms)');
console.log('features   feature_list(50)   feature_claim   feature_claim + worktree');
for (const size of quick ? [100, 1000] : [100, 1000, 5000]) {
  const r = await boardLatency(repo, size);
  console.log(`${String(size).padStart(8)}   ${ms(r.listMs).padStart(16)}   ${ms(r.claimMs).padStart(13)}   ${ms(r.claimWorktreeMs).padStart(24)}`);
}

const t = await claimThroughput(repo, 8, quick ? 80 : 400);
console.log(`\nClaims per second (queue only, no worktrees), ${t.processes} processes on one board: ${t.perSecond.toFixed(1)} (${t.claimed} claims)`);

const w = await worktreeOverhead();
if (w) {
  console.log('\nWorktrees (median): ours vs raw git');
  console.log(`create  ${ms(w.ensureMs)} vs git worktree add ${ms(w.rawWorktreeAddMs)} (×${(w.ensureMs / w.rawWorktreeAddMs).toFixed(2)})`);
  console.log(`merge   ${ms(w.mergeMs)} vs git merge ${ms(w.rawMergeMs)} (×${(w.mergeMs / w.rawMergeMs).toFixed(2)})`);
}
rmSync(repo, { recursive: true, force: true });
