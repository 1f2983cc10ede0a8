#!/usr/bin/env node
// npm run bench: start-up and context cost of every server, and the board's latency and throughput figures.
// Not part of npm test. Usage: node scripts/bench.mjs [--runs N] [--quick]
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { connect, median, ms, rssMb, root, scratchRepo, seedBoard } from './bench-lib.mjs';
import { LIST_ENV } from './server-env.mjs';
// Typed tool data, asked for as tests do (shared/tool-data.ts).
const DATA_KEY = 'protolabs/data';
const WITH_DATA = { [DATA_KEY]: true };

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runs = Number(args[args.indexOf('--runs') + 1]) || (quick ? 3 : 7);

async function startup(name, cwd) {
  const times = [];
  let tools = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const { client, transport } = await connect(`${name}.js`, cwd, LIST_ENV[name]);
    ({ tools } = await client.listTools());
    times.push(performance.now() - t0);
    rss.push(rssMb(transport.pid).peak);
    await client.close();
  }
  const bytes = Buffer.byteLength(JSON.stringify(tools));
  return { name, medianMs: median(times), peakRssMb: median(rss), tools: tools.length, bytes, tokens: Math.round(bytes / 4) };
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
    const r = await client.callTool({ name: 'feature_claim', arguments: { worktree: false }, _meta: WITH_DATA });
    claim.push(performance.now() - t0);
    if (!r._meta?.[DATA_KEY]?.feature) throw new Error('nothing to claim');
  }
  const withWorktree = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = await client.callTool({ name: 'feature_claim', arguments: {}, _meta: WITH_DATA });
    withWorktree.push(performance.now() - t0);
    if (!r._meta?.[DATA_KEY]?.feature?.worktree) throw new Error(`claim without a worktree: ${JSON.stringify(r.content)}`);
  }
  await client.close();
  return { size, listMs: median(list), claimMs: median(claim), claimWorktreeMs: median(withWorktree) };
}

async function worktreeOverhead() {
  const entry = join(root, 'servers', 'board', 'git', 'bench.ts');
  if (!existsSync(entry)) return undefined;
  const { build } = await import('esbuild');
  const out = join(root, 'node_modules', '.cache', 'bench-worktrees.mjs');
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
  });
  const { benchWorktreeOverhead } = await import(out);
  return benchWorktreeOverhead(quick ? 3 : 7, 5000);
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
  console.log(
    `${name.padEnd(9)} ${ms(r.medianMs).padEnd(11)} ${r.peakRssMb.toFixed(1).padStart(5)} MB   ${String(r.tools).padStart(5)}  ${r.bytes} bytes ≈ ${r.tokens} tokens`,
  );
}

console.log('\nBoard latency over stdio (median of 15; targets at 5,000: claim ≤ 50 ms, list of 50 ≤ 30 ms)');
console.log('features   feature_list(50)   feature_claim   feature_claim + worktree');
for (const size of quick ? [100, 1000] : [100, 1000, 5000]) {
  const r = await boardLatency(repo, size);
  console.log(
    `${String(size).padStart(8)}   ${ms(r.listMs).padStart(16)}   ${ms(r.claimMs).padStart(13)}   ${ms(r.claimWorktreeMs).padStart(24)}`,
  );
}

const w = await worktreeOverhead();
if (w) {
  console.log('\nWorktrees (median): ours vs raw git');
  console.log(`create  ${ms(w.ensureMs)} vs git worktree add ${ms(w.rawWorktreeAddMs)} (×${(w.ensureMs / w.rawWorktreeAddMs).toFixed(2)})`);
  console.log(`merge   ${ms(w.mergeMs)} vs git merge ${ms(w.rawMergeMs)} (×${(w.mergeMs / w.rawMergeMs).toFixed(2)}; target ≤ 1.3)`);
  console.log(
    `remove  ${ms(w.removeMs)} vs git worktree remove + git branch -d ${ms(w.rawRemoveMs)} (×${(w.removeMs / w.rawRemoveMs).toFixed(2)}; target ≤ 1.3)`,
  );
  console.log(
    `(${w.files} files, median of ${w.runs}; git processes per merge ${w.mergeGitProcesses} vs 1 raw, per remove ${w.removeGitProcesses} vs 2 raw)`,
  );
}
rmSync(repo, { recursive: true, force: true });

// The board at 10,000 and 50,000 features: paced calls, first calls, memory, claims across processes.
await import('./bench-board-scale.mjs');
