#!/usr/bin/env node
// npm run bench (part): what Claude Code's model reads. Replays one scripted session per server (scripts/forwarded/
// session.ts) against the loopback fakes and prints, per call and in total, the tokens of what Claude Code forwards
// (JSON.stringify(structuredContent) when a result has one, else its text), beside the committed baseline of
// 2026-12-02 (scripts/forwarded/baseline.json). Tokens ≈ characters / 4 (no tokenizer here; the same rule both sides).
// Usage: node scripts/bench-forwarded.mjs [--save-baseline]
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, runTs } from './run-ts.mjs';

const cache = join(root, 'node_modules', '.cache', 'bench-forwarded');
mkdirSync(cache, { recursive: true });
const report = join(cache, `report-${process.pid}.json`);
const baselineFile = join(root, 'scripts', 'forwarded', 'baseline.json');
try {
  await runTs('scripts/forwarded/session.ts', [join(root, 'dist'), report]);
  const calls = JSON.parse(readFileSync(report, 'utf8'));
  const tokens = (chars) => Math.round(chars / 4);
  const baseline = existsSync(baselineFile) ? JSON.parse(readFileSync(baselineFile, 'utf8')) : [];
  const key = (c, i) => `${c.server}.${c.tool}#${i}`;
  const before = new Map(baseline.map((c, i) => [key(c, i), c]));
  process.stdout.write('\nWhat the model reads (Claude Code forwards structuredContent when present, else text), tokens ≈ chars/4\n');
  process.stdout.write(`${'call'.padEnd(28)}${'now'.padStart(8)}${'baseline'.padStart(10)}${'text only'.padStart(11)}\n`);
  calls.forEach((c, i) => {
    const was = before.get(key(c, i));
    process.stdout.write(
      `${`${c.server}.${c.tool}`.padEnd(28)}${String(tokens(c.forwarded)).padStart(8)}${String(was ? tokens(was.forwarded) : '-').padStart(10)}${String(tokens(c.text)).padStart(11)}\n`,
    );
  });
  const sum = (xs) => xs.reduce((a, c) => a + c.forwarded, 0);
  const servers = [...new Set(calls.map((c) => c.server))];
  for (const server of servers) {
    const now = sum(calls.filter((c) => c.server === server));
    const was = sum(baseline.filter((c) => c.server === server));
    process.stdout.write(
      `${`${server} session`.padEnd(28)}${String(tokens(now)).padStart(8)}${String(tokens(was)).padStart(10)}${was ? `   ×${(now / was).toFixed(2)}` : ''}\n`,
    );
  }
  const total = sum(calls);
  const was = sum(baseline);
  process.stdout.write(
    `${'all four sessions'.padEnd(28)}${String(tokens(total)).padStart(8)}${String(tokens(was)).padStart(10)}${was ? `   ×${(total / was).toFixed(2)}` : ''}\n`,
  );
  if (process.argv.includes('--save-baseline')) writeFileSync(baselineFile, `${JSON.stringify(calls, null, 1)}\n`);
} finally {
  rmSync(report, { force: true });
}
