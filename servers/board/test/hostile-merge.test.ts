/**
 * Issue 14, item 1: a feature branch that commits the board's own runtime files (another feature's feature.json,
 * a symlinked agent-output.md or settings.json) must not rewrite the board when worktree_merge merges it.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeature, makeSandbox, type Sandbox } from './stdio-board.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.cleanup();
  sandbox = undefined;
});

describe('worktree_merge and the board’s own files', () => {
  it.each(['merge', 'rebase'] as const)(
    'item 1: refuses (%s, fast-forward included) a branch whose tree touches .automaker/features/, naming the paths, and changes nothing',
    async (strategy) => {
      sandbox = makeSandbox();
      const { repo, outside } = sandbox;
      const victimFile = join(outside, 'victim.txt');
      writeFileSync(victimFile, 'outside the repository\n');
      const board = await sandbox.board();
      const victim = await createFeature(board, 'Victim');
      const attacker = await createFeature(board, 'Attacker');
      expect((await board.call('feature_claim', { id: victim, worktree: false })).isError).toBe(false);
      const claimed = await board.call('feature_claim', { id: attacker });
      expect(claimed.isError, claimed.text).toBe(false);
      const worktree = (claimed.data.feature as { worktree: string }).worktree;

      const forged = { ...sandbox.readFeature(victim), status: 'done', claimedBy: undefined };
      mkdirSync(join(worktree, '.automaker', 'features', attacker), { recursive: true });
      symlinkSync(victimFile, join(worktree, '.automaker', 'features', attacker, 'agent-output.md'));
      symlinkSync(victimFile, join(worktree, '.automaker', 'settings.json'));
      sandbox.commit(
        worktree,
        { [`.automaker/features/${victim}/feature.json`]: JSON.stringify(forged), 'src/feature.txt': 'work\n' },
        'plant board state',
      );
      sandbox.git(worktree, 'add', '-f', `.automaker/features/${attacker}/agent-output.md`, '.automaker/settings.json');
      sandbox.git(worktree, 'commit', '-q', '-m', 'plant symlinks');
      const mainBefore = sandbox.git(repo, 'rev-parse', 'main');
      const victimBefore = readFileSync(sandbox.featureFile(victim), 'utf8');

      const merged = await board.call('worktree_merge', { feature: attacker, strategy });
      expect(merged.isError).toBe(true);
      expect(merged.text).toContain(`.automaker/features/${victim}/feature.json`);
      expect(merged.text).toContain(`.automaker/features/${attacker}/agent-output.md`);
      expect(merged.text).toContain('.automaker/settings.json');
      expect(sandbox.git(repo, 'rev-parse', 'main')).toBe(mainBefore);
      expect(readFileSync(sandbox.featureFile(victim), 'utf8')).toBe(victimBefore);
      expect(sandbox.readFeature(victim)).toMatchObject({ status: 'in_progress' });
      expect(sandbox.git(repo, 'status', '--porcelain')).toBe('');
      expect(readFileSync(victimFile, 'utf8')).toBe('outside the repository\n');
    },
  );
});
