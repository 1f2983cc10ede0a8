import { fork } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PROJECT_ROOT } from '../../../testing/mcp-client.js';
import { SET_ASIDE } from '../store/feature-file.js';
import { createRepo, startBoard } from './harness.js';

const KILLS = 100;

/**
 * feature.json, or, when the writer was killed in the instant between taking the old file away and linking its
 * own in (see replaceFeatureFile), the copy it set aside, which the next read of the board puts back.
 */
function savedCopy(dir: string): string {
  const names = readdirSync(dir);
  if (names.includes('feature.json')) return join(dir, 'feature.json');
  const aside = names.find((n) => n.startsWith(`feature.json${SET_ASIDE}`));
  return join(dir, aside ?? 'feature.json');
}

describe('crash safety', () => {
  it(`leaves every feature.json parseable after ${KILLS} SIGKILLs of a writer at random moments`, async () => {
    const repo = createRepo();
    const board = await startBoard(repo);
    await board.call('feature_create', { features: Array.from({ length: 5 }, (_, i) => ({ title: `feature ${i}` })) });
    await board.close();
    // Bundled inside the project so its external packages resolve from node_modules.
    const writer = join(PROJECT_ROOT, 'node_modules', '.cache', `board-crash-writer-${process.pid}.mjs`);
    await build({
      entryPoints: [join(import.meta.dirname, 'crash-writer.ts')],
      outfile: writer,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'error',
    });
    onTestFinished(() => rmSync(writer, { force: true }));
    const featuresDir = join(repo, '.automaker', 'features');
    for (let i = 0; i < KILLS; i++) {
      const child = fork(writer, [repo], { cwd: process.cwd(), stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
      await new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
      });
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 30)));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      // The killed writer's lock would be taken over once stale (5 s); remove it now so every round writes.
      rmSync(join(repo, '.automaker', '.features.lock'), { recursive: true, force: true });
      for (const id of readdirSync(featuresDir).filter((n) => !n.startsWith('.'))) {
        expect(() => JSON.parse(readFileSync(savedCopy(join(featuresDir, id)), 'utf8')), `${id} after kill ${i}`).not.toThrow();
      }
    }
    const after = await startBoard(repo);
    const view = await after.call('board_view');
    await after.close();
    expect(view.data).toMatchObject({ total: 5 });
    expect(view.data).not.toHaveProperty('corrupt');
    // Reading the board put back any file a writer had set aside when it was killed.
    for (const id of readdirSync(featuresDir).filter((n) => !n.startsWith('.'))) {
      expect(() => JSON.parse(readFileSync(join(featuresDir, id, 'feature.json'), 'utf8')), `${id} at the end`).not.toThrow();
    }
    rmSync(repo, { recursive: true, force: true });
  });
});
