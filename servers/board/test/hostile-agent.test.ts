/**
 * Issue 14: a misled agent, through real board processes, tries to skip the gates — verify elsewhere, call a
 * feature done without merging it, take another session's claim by its label, claim where no worktree can exist.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeature, makeSandbox, type Sandbox } from './stdio-board.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.cleanup();
  sandbox = undefined;
});

describe('the board holds against a misled agent', () => {
  it('item 3: feature_verify runs in the worktree the board derives, never in a worktreePath planted in feature.json', async () => {
    sandbox = makeSandbox();
    const { outside } = sandbox;
    sandbox.git(outside, 'init', '-q', '-b', 'main');
    sandbox.commit(outside, { 'ok.txt': 'ok\n' }, 'a repository where the check passes');
    const board = await sandbox.board({ BOARD_VERIFY_COMMAND: 'grep -q ok ok.txt', ALLOWED_ROOT_DIRECTORY: sandbox.root });
    const id = await createFeature(board, 'Verified elsewhere');
    const claimed = await board.call('feature_claim', { id });
    expect(claimed.isError, claimed.text).toBe(false);
    const worktree = (claimed.data.feature as { worktree: string }).worktree;
    sandbox.writeFeature(id, { ...sandbox.readFeature(id), worktreePath: outside });

    const verified = await board.call('feature_verify', { id });
    expect(verified.text).not.toMatch(/^PASSED/);
    expect(verified.data.evidence).toMatchObject({ passed: false, headSha: sandbox.git(worktree, 'rev-parse', 'HEAD') });
    expect(sandbox.readFeature(id).verificationEvidence).toMatchObject({ passed: false });
  });

  it('item 4: done means merged — feature_release and feature_move to done are refused without a merge, allowed with force and a recorded reason', async () => {
    sandbox = makeSandbox();
    const board = await sandbox.board({ BOARD_VERIFY_COMMAND: 'false' });
    const id = await createFeature(board, 'Never merged');
    const dependent = await createFeature(board, 'Waits on it', { dependencies: [id] });
    expect((await board.call('feature_claim', { id })).isError).toBe(false);

    const released = await board.call('feature_release', { id, status: 'done' });
    expect(released.isError).toBe(true);
    expect(released.text).toMatch(/worktree_merge/);
    const moved = await board.call('feature_move', { id, status: 'done' });
    expect(moved.isError).toBe(true);
    expect(sandbox.readFeature(id)).toMatchObject({ status: 'in_progress' });
    expect(
      ((await board.call('feature_list', { status: 'backlog' })).data.features as Array<{ id: string; blockedBy?: string[] }>).find(
        (f) => f.id === dependent,
      ),
    ).toMatchObject({ blockedBy: [id] });

    const forcedWithoutReason = await board.call('feature_move', { id, status: 'done', force: true });
    expect(forcedWithoutReason.isError).toBe(true);
    const forced = await board.call('feature_move', { id, status: 'done', force: true, reason: 'shipped by hand in the release branch' });
    expect(forced.isError, forced.text).toBe(false);
    const history = sandbox.readFeature(id).statusHistory as Array<{ to: string; reason?: string }>;
    expect(history.at(-1)).toMatchObject({ to: 'done', reason: expect.stringMatching(/forced.*shipped by hand/) });
  });

  it('item 5: a claim belongs to the session that made it — naming its agent does not release or renew it from another session', async () => {
    sandbox = makeSandbox();
    const holder = await sandbox.board();
    const intruder = await sandbox.board();
    const id = await createFeature(holder, 'Held by alice');
    expect((await holder.call('feature_claim', { id, agent: 'alice', worktree: false })).isError).toBe(false);

    const released = await intruder.call('feature_release', { id, agent: 'alice' });
    expect(released.isError).toBe(true);
    expect(released.text).toMatch(/claimed by alice/);
    const renewed = await intruder.call('feature_claim', { id, agent: 'alice', worktree: false });
    expect(renewed.isError).toBe(true);
    expect(sandbox.readFeature(id)).toMatchObject({ status: 'in_progress', claimedBy: 'alice' });

    const own = await holder.call('feature_release', { id });
    expect(own.isError, own.text).toBe(false);
  });

  it('item 5: another session takes a live claim over only with force and a reason, recorded in history', async () => {
    sandbox = makeSandbox();
    const holder = await sandbox.board();
    const other = await sandbox.board();
    const id = await createFeature(holder, 'Stuck claim');
    expect((await holder.call('feature_claim', { id, worktree: false })).isError).toBe(false);
    expect((await other.call('feature_claim', { id, worktree: false, force: true })).isError).toBe(true);
    const taken = await other.call('feature_claim', { id, worktree: false, force: true, reason: 'holder crashed, confirmed by a human' });
    expect(taken.isError, taken.text).toBe(false);
    expect(taken.data.feature).toMatchObject({ takeover: true });
    const history = sandbox.readFeature(id).statusHistory as Array<{ reason?: string }>;
    expect(history.at(-1)?.reason).toMatch(/forced.*holder crashed/);
    expect((await holder.call('feature_release', { id })).isError).toBe(true);
  });

  it('item 10: feature_claim refuses, and claims nothing, in a repository that cannot hold a worktree', async () => {
    sandbox = makeSandbox({ empty: true });
    const board = await sandbox.board();
    const id = await createFeature(board, 'No commit yet');
    const claimed = await board.call('feature_claim', {});
    expect(claimed.isError).toBe(true);
    expect(claimed.text).toMatch(/no commit/i);
    expect(sandbox.readFeature(id)).toMatchObject({ status: 'backlog' });
    expect(sandbox.readFeature(id).claimedBy).toBeUndefined();

    sandbox.commit(sandbox.repo, { 'README.md': '# now\n' }, 'initial');
    const noBase = await sandbox.board({ BOARD_BASE_BRANCH: 'develop' });
    const refused = await noBase.call('feature_claim', { id });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/develop/);
    expect(sandbox.readFeature(id)).toMatchObject({ status: 'backlog' });
  });

  it('item 10: a claim whose worktree cannot be made is rolled back', async () => {
    sandbox = makeSandbox();
    writeFileSync(join(sandbox.repo, 'not-a-folder'), 'a file where the worktrees folder should be\n');
    const board = await sandbox.board({ BOARD_WORKTREES_DIR: join(sandbox.repo, 'not-a-folder') });
    const id = await createFeature(board, 'Nowhere to work');
    const claimed = await board.call('feature_claim', { id });
    expect(claimed.isError).toBe(true);
    const stored = sandbox.readFeature(id);
    expect(stored).toMatchObject({ status: 'backlog' });
    expect(stored.claimedBy).toBeUndefined();
  });
});
