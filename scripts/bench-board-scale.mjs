#!/usr/bin/env node
// The board at scale (issue 13), each figure beside a reference from the same run: generated boards of 10,000 and
// 50,000 features, the paced pattern (a call 3.5 s after another process wrote), a session's first call, the memory
// of a long-lived server, and claims from 1, 8 and 16 processes on one board. Run by npm run bench, or alone:
// node scripts/bench-board-scale.mjs [--quick] [--only boards|claims] [--sizes 10000,50000]
// (--quick: 10,000 only, shorter claim runs)
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, median, ms, percentile, rssMb, scratchRepo, seedBoard } from './bench-lib.mjs';

const quick = process.argv.includes('--quick');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const sizesArg = process.argv.includes('--sizes') ? process.argv[process.argv.indexOf('--sizes') + 1] : undefined;
const SIZES = sizesArg ? sizesArg.split(',').map(Number) : quick ? [10_000] : [10_000, 50_000];
const PACED_ROUNDS = quick ? 3 : 5;
const PACE_MS = 3500;
// short enough that one process does not run out of ready features (about 1,070 of the 2,000) before the end
const CLAIM_SECONDS = quick ? 3 : 5;
const CLAIM_BOARD = 2000;

async function call(client, name, args = {}) {
  const t0 = performance.now();
  const result = await client.callTool({ name, arguments: args, _meta: { 'protolabs/data': true } }, undefined, { timeout: 600_000 });
  if (result.isError) throw new Error(`${name}: ${result.content?.[0]?.text}`);
  return { ms: performance.now() - t0, result };
}

/**
 * A session's first call: feature_list sent right after the MCP handshake (Claude Code starts its servers with the
 * session, so the model's first call never waits for the spawn); `fromSpawnMs` counts the spawn and handshake too.
 */
async function firstCall(repo) {
  const t0 = performance.now();
  const session = await connect('board.js', repo);
  const t1 = performance.now();
  await call(session.client, 'feature_list', { limit: 50 });
  const t2 = performance.now();
  return { ms: t2 - t1, fromSpawnMs: t2 - t0, session };
}

async function waitForIndex(repo) {
  const file = join(repo, '.automaker', 'features', '.index.json');
  for (let waited = 0; !existsSync(file); waited += 100) {
    if (waited > 120_000) throw new Error('no index was written within 120 s');
    await sleep(100);
  }
}

async function boardAt(size, emptyFirst) {
  const repo = scratchRepo();
  try {
    const t0 = performance.now();
    const ids = seedBoard(repo, size);
    const seededMs = performance.now() - t0;
    const cold = await firstCall(repo); // no index yet: every file is read once
    await waitForIndex(repo);
    await cold.session.client.close();
    const warm = await firstCall(repo); // the index written by the first session
    const reader = warm.session;
    const writer = (await connect('board.js', repo)).client;
    const paced = { list: [], get: [], claim: [] };
    const quiet = { list: [], get: [], claim: [] };
    for (let round = 0; round < PACED_ROUNDS; round++) {
      // a done feature (every fifth): never one the reader's claims take
      await call(writer, 'feature_update', { id: ids[5 + round * 5], summary: `written by another process, round ${round}` });
      await sleep(PACE_MS);
      paced.list.push((await call(reader.client, 'feature_list', { limit: 50 })).ms);
      paced.get.push((await call(reader.client, 'feature_get', { id: ids[2 + round * 5] })).ms);
      paced.claim.push((await call(reader.client, 'feature_claim', { worktree: false })).ms);
      quiet.list.push((await call(reader.client, 'feature_list', { limit: 50 })).ms);
      quiet.get.push((await call(reader.client, 'feature_get', { id: ids[2 + round * 5] })).ms);
      quiet.claim.push((await call(reader.client, 'feature_claim', { worktree: false })).ms);
    }
    const memory = rssMb(reader.transport.pid);
    await writer.close();
    await reader.client.close();
    return { size, seededMs, coldMs: cold.ms, warmMs: warm.ms, warmFromSpawnMs: warm.fromSpawnMs, emptyFirst, paced, quiet, memory };
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

async function claimsFrom(processes) {
  const repo = scratchRepo();
  try {
    seedBoard(repo, CLAIM_BOARD);
    const sessions = await Promise.all(Array.from({ length: processes }, () => connect('board.js', repo)));
    await Promise.all(sessions.map(({ client }) => call(client, 'feature_list', { limit: 1 })));
    const latencies = [];
    const claimed = [];
    let ranOut = false;
    const t0 = performance.now();
    const deadline = t0 + CLAIM_SECONDS * 1000;
    await Promise.all(
      sessions.map(async ({ client }) => {
        while (performance.now() < deadline) {
          const { ms: took, result } = await call(client, 'feature_claim', { worktree: false });
          latencies.push(took);
          const feature = result._meta?.['protolabs/data']?.feature;
          if (!feature) {
            ranOut = true;
            return;
          }
          claimed.push(feature.id);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    await Promise.all(sessions.map(({ client }) => client.close()));
    const lost = claimed.filter((id) => {
      const stored = JSON.parse(readFileSync(join(repo, '.automaker', 'features', id, 'feature.json'), 'utf8'));
      return stored.status !== 'in_progress' || !stored.claimedBy;
    }).length;
    return {
      processes,
      perSecond: claimed.length / seconds,
      claims: claimed.length,
      doubles: claimed.length - new Set(claimed).size,
      lost,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: Math.max(...latencies),
      ranOut,
    };
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

const emptyRepo = scratchRepo();
const empty = await firstCall(emptyRepo);
const emptyFirst = { ms: empty.ms, fromSpawnMs: empty.fromSpawnMs };
await empty.session.client.close();
rmSync(emptyRepo, { recursive: true, force: true });

console.log('\nBoard at scale (issue 13; targets in brackets)');
for (const size of only === 'claims' ? [] : SIZES) {
  const r = await boardAt(size, emptyFirst);
  const target = size >= 50_000 ? { first: 1500, rss: 250 } : { first: 300, rss: 120 };
  console.log(`\n${size} features (generated in ${(r.seededMs / 1000).toFixed(1)} s)`);
  console.log(
    `  first call of a session (after the handshake): ${ms(r.warmMs)} from the index [≤ ${target.first} ms]; first session ever (no index, every file read) ${ms(r.coldMs)}; empty board ${ms(r.emptyFirst.ms)}`,
  );
  console.log(
    `  counting the spawn and handshake too: ${ms(r.warmFromSpawnMs)} from the index vs ${ms(r.emptyFirst.fromSpawnMs)} on an empty board`,
  );
  for (const tool of ['list', 'get', 'claim']) {
    console.log(
      `  paced ${tool.padEnd(5)} (${PACE_MS / 1000} s after another process wrote): ${ms(median(r.paced[tool]))} median, ${ms(Math.max(...r.paced[tool]))} max [≤ 30 ms] vs the same call right after: ${ms(median(r.quiet[tool]))}`,
    );
  }
  console.log(`  long-lived server: RSS ${r.memory.rss.toFixed(0)} MB, peak ${r.memory.peak.toFixed(0)} MB [≤ ${target.rss} MB]`);
}

console.log(`\nClaims from several processes on one board of ${CLAIM_BOARD} (queue only, ${CLAIM_SECONDS} s each)`);
const runs = [];
for (const processes of only === 'boards' ? [] : [1, 8, 16]) {
  const r = await claimsFrom(processes);
  runs.push(r);
  const ratio = r.perSecond / runs[0].perSecond;
  console.log(
    `  ${String(processes).padStart(2)} process(es): ${r.perSecond.toFixed(1)} claims/s (×${ratio.toFixed(2)} of 1 process${processes === 8 ? ' [≥ 0.8]' : ''}), p50 ${ms(r.p50)}, p99 ${ms(r.p99)}${processes === 8 ? ' [≤ 1000 ms]' : ''}, max ${ms(r.max)}; ${r.claims} claims, ${r.doubles} double, ${r.lost} lost${r.ranOut ? ' (ran out of ready features: the rate is a lower bound)' : ''}`,
  );
}
