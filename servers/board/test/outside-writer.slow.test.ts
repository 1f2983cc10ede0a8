import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRepo, startBoard, type TestBoard } from './harness.js';

const HAMMER_MS = 4000;

/**
 * Another program editing a feature.json while the server writes: at random moments it reads the file, checks that its
 * own last value of `external` is still there, bumps it and writes the file back, in place or by rename-into-place.
 */
const OUTSIDE_WRITER = `
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
const [file, until] = [process.argv[2], Date.now() + Number(process.argv[3])];
let last = 0, writes = 0, reverted = [], mode = '';
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
while (Date.now() < until) {
  await pause(Math.random() * 30);
  let current;
  try { current = JSON.parse(readFileSync(file, 'utf8')); } catch { continue; }
  if ((current.external ?? 0) !== last) reverted.push({ expected: last, found: current.external ?? null, lastWrite: mode });
  last += 1;
  const text = JSON.stringify({ ...current, external: last }, null, 2);
  mode = Math.random() < 0.5 ? 'in place' : 'by rename';
  if (mode === 'in place') writeFileSync(file, text);
  else { writeFileSync(file + '.tmp', text); renameSync(file + '.tmp', file); }
  writes++;
}
process.stdout.write(JSON.stringify({ last, writes, reverted }));
`;

/**
 * The upstream Automaker app moving a feature through its own statuses (auto-mode-service.ts:611 and the board's
 * drag and drop) while we update another field: each status it wrote must still be there when it next reads, in its
 * own word (never normalised to ours).
 */
const APP_STATUS_WRITER = `
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
const [file, until] = [process.argv[2], Date.now() + Number(process.argv[3])];
const statuses = ['in_progress', 'waiting_approval', 'verified', 'pipeline_step_qa', 'backlog', 'running'];
let last = -1, writes = 0, reverted = [], mode = '';
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
while (Date.now() < until) {
  await pause(Math.random() * 30);
  let current;
  try { current = JSON.parse(readFileSync(file, 'utf8')); } catch { continue; }
  if (last >= 0 && current.status !== statuses[last % statuses.length]) reverted.push({ expected: statuses[last % statuses.length], found: current.status, lastWrite: mode });
  last += 1;
  const text = JSON.stringify({ ...current, status: statuses[last % statuses.length] }, null, 2);
  mode = Math.random() < 0.5 ? 'in place' : 'by rename';
  if (mode === 'in place') writeFileSync(file, text);
  else { writeFileSync(file + '.tmp', text); renameSync(file + '.tmp', file); }
  writes++;
}
process.stdout.write(JSON.stringify({ last, writes, reverted, status: statuses[last % statuses.length] }));
`;

/**
 * Runs `script` against `file` for HAMMER_MS while this board updates another field of feature `id` as fast as it can;
 * returns what the script printed and how many of our updates went through or were refused (only as a clash).
 */
async function hammer(
  board: TestBoard,
  id: string,
  file: string,
  script: string,
): Promise<{ output: string; ours: number; refused: number }> {
  const scratch = mkdtempSync(join(tmpdir(), 'outside-writer-'));
  try {
    const path = join(scratch, 'writer.mjs');
    writeFileSync(path, script);
    const child = spawn(process.execPath, [path, file, String(HAMMER_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let running = true;
    void exited.then(() => (running = false));
    let ours = 0;
    let refused = 0;
    while (running) {
      const updated = await board.call('feature_update', { id, summary: `ours ${ours + 1}` });
      if (!updated.isError) ours++;
      else {
        expect(updated.text, 'the only refusal allowed is a clash with the outside edit').toMatch(/changed outside/);
        refused++;
      }
    }
    expect(await exited, 'the outside writer finished').toBe(0);
    return { output, ours, refused };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe('an outside writer racing our updates', () => {
  it('keeps every status the app writes, in its own word, while we update another field', { timeout: 120_000 }, async () => {
    const repo = createRepo();
    const id = 'feature-1765000000000-apprace01';
    const dir = join(repo, '.automaker', 'features', id);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'feature.json');
    // Upstream's shape (libs/types/src/feature.ts:35-71), as its loader writes it (feature-loader.ts:298).
    writeFileSync(file, JSON.stringify({ id, category: 'Core', description: 'Raced', status: 'backlog', dependencies: [] }, null, 2));
    const board = await startBoard(repo);
    try {
      const { output, ours, refused } = await hammer(board, id, file, APP_STATUS_WRITER);
      const app = JSON.parse(output) as { writes: number; reverted: unknown[]; status: string };
      expect(app.reverted, `${app.writes} app writes, ${ours} of ours, ${refused} refused: ${JSON.stringify(app.reverted)}`).toEqual([]);
      expect(app.writes).toBeGreaterThan(50);
      expect(ours).toBeGreaterThan(20);
      const final = await board.call('feature_update', { id, summary: 'final' });
      expect(final.isError, final.text).toBe(false);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ status: app.status, summary: 'final' });
    } finally {
      await board.close();
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('never has a change reverted: each of its writes survives or ours is refused', { timeout: 120_000 }, async () => {
    const repo = createRepo();
    const board = await startBoard(repo);
    try {
      const created = await board.call('feature_create', { features: [{ title: 'Shared' }] });
      const id = (created.data.features as Array<{ id: string }>)[0]!.id;
      const file = join(repo, '.automaker', 'features', id, 'feature.json');
      const { output, ours, refused } = await hammer(board, id, file, OUTSIDE_WRITER);
      const outside = JSON.parse(output) as { last: number; writes: number; reverted: unknown[] };
      expect(
        outside.reverted,
        `${outside.writes} outside writes, ${ours} of ours, ${refused} refused: ${JSON.stringify(outside.reverted)}`,
      ).toEqual([]);
      expect(outside.writes).toBeGreaterThan(50);
      expect(ours).toBeGreaterThan(20);
      const final = await board.call('feature_update', { id, summary: 'final' });
      expect(final.isError, final.text).toBe(false);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ external: outside.last, summary: 'final' });
    } finally {
      await board.close();
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
