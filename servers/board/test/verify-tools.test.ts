import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../testing/wait-for.js';
import { createRepo, git, startBoard, type TestBoard } from './harness.js';

const boards: TestBoard[] = [];
afterEach(async () => {
  await Promise.all(boards.splice(0).map((b) => b.close()));
});

async function open(repo: string, env: Record<string, string>, verifyWaitMs?: number): Promise<TestBoard> {
  const board = await startBoard(repo, { env, ...(verifyWaitMs ? { verifyWaitMs } : {}) });
  boards.push(board);
  return board;
}

async function claimed(board: TestBoard, title = 'Verified thing'): Promise<{ id: string; worktree: string }> {
  const created = await board.call('feature_create', { features: [{ title }] });
  const id = (created.data.features as Array<{ id: string }>)[0]!.id;
  const claim = await board.call('feature_claim', { id });
  return { id, worktree: (claim.data.feature as { worktree: string }).worktree };
}

function commit(dir: string, file: string, content: string): void {
  writeFileSync(join(dir, file), content);
  git(dir, 'add', file);
  git(dir, 'commit', '-q', '-m', `edit ${file}`);
}

/** The check passes when ok.txt says "ok". */
const CHECK = 'echo checking; grep -q ok ok.txt';

describe('feature_verify and the review gate', () => {
  it('records passing evidence for the head, lets the feature into review, and refuses review once a commit makes it stale', async () => {
    const repo = createRepo();
    const board = await open(repo, { BOARD_VERIFY_COMMAND: CHECK });
    const { id, worktree } = await claimed(board);
    commit(worktree, 'ok.txt', 'ok\n');

    const noEvidence = await board.call('feature_release', { id, status: 'review' });
    expect(noEvidence.isError).toBe(true);
    expect(noEvidence.text).toMatch(/no verification; run feature_verify/);

    const verified = await board.call('feature_verify', { id });
    expect(verified.isError, verified.text).toBe(false);
    expect(verified.data).toMatchObject({
      state: 'done',
      evidence: { command: CHECK, exitCode: 0, passed: true, headSha: git(worktree, 'rev-parse', 'HEAD'), output: 'checking' },
    });
    const stored = JSON.parse(readFileSync(join(repo, '.automaker', 'features', id, 'feature.json'), 'utf8'));
    expect(stored.verificationEvidence).toMatchObject({ passed: true });

    commit(worktree, 'more.txt', 'more\n');
    const stale = await board.call('feature_move', { id, status: 'review' });
    expect(stale.isError).toBe(true);
    expect(stale.text).toMatch(/stale/);

    expect((await board.call('feature_verify', { id })).data).toMatchObject({ evidence: { passed: true } });
    const review = await board.call('feature_release', { id, status: 'review', note: 'PR open' });
    expect(review.isError, review.text).toBe(false);
  });

  it('does not count a run on uncommitted changes as evidence for the head', async () => {
    const repo = createRepo();
    const board = await open(repo, { BOARD_VERIFY_COMMAND: CHECK });
    const { id, worktree } = await claimed(board);
    writeFileSync(join(worktree, 'ok.txt'), 'ok\n');
    const verified = await board.call('feature_verify', { id });
    expect(verified.data).toMatchObject({ state: 'done', evidence: { passed: true, clean: false } });
    expect(verified.text).toMatch(/on uncommitted changes/);
    const review = await board.call('feature_release', { id, status: 'review' });
    expect(review.text).toMatch(/uncommitted changes/);
  });

  it('records a failing run and refuses review', async () => {
    const repo = createRepo();
    const board = await open(repo, { BOARD_VERIFY_COMMAND: CHECK });
    const { id, worktree } = await claimed(board);
    commit(worktree, 'ok.txt', 'not yet\n');
    const verified = await board.call('feature_verify', { id });
    expect(verified.data).toMatchObject({ state: 'done', evidence: { passed: false, exitCode: 1 } });
    expect(verified.text).toMatch(/^FAILED/);
    const review = await board.call('feature_move', { id, status: 'review' });
    expect(review.text).toMatch(/last verification failed \(exit 1\)/);
  });

  it('kills a check that outlives its timeout, with its children', async () => {
    const repo = createRepo();
    const marker = join(repo, 'child-survived');
    const board = await open(repo, { BOARD_VERIFY_COMMAND: `(sleep 3; touch ${marker}) & sleep 30`, BOARD_VERIFY_TIMEOUT_S: '1' });
    const { id } = await claimed(board);
    const verified = await board.call('feature_verify', { id });
    expect(verified.data).toMatchObject({ state: 'done', evidence: { passed: false } });
    expect((verified.data.evidence as { output: string }).output).toMatch(/timed out after 1 s/);
    await new Promise((r) => setTimeout(r, 3500));
    expect(existsSync(marker)).toBe(false);
  });

  it('answers "running" when the check outlasts one call, and the next call keeps waiting for the same run', async () => {
    const repo = createRepo();
    const board = await open(repo, { BOARD_VERIFY_COMMAND: 'sleep 2; echo finished >> runs.log; echo finished' }, 300);
    const { id, worktree } = await claimed(board);
    const first = await board.call('feature_verify', { id });
    expect(first.data).toMatchObject({ state: 'running' });
    expect(first.text).toMatch(/call feature_verify again/);
    const answer = await waitFor('the check to finish across feature_verify calls', async () => {
      const next = await board.call('feature_verify', { id });
      return next.data.state !== 'running' && next;
    });
    expect(answer.data).toMatchObject({ state: 'done', evidence: { passed: true, output: 'finished' } });
    expect(readFileSync(join(worktree, 'runs.log'), 'utf8')).toBe('finished\n');
  });

  it('takes the command only from configuration: tool input cannot set it', async () => {
    const repo = createRepo();
    const board = await open(repo, {});
    const { id } = await claimed(board);
    const injected = await board.call('feature_verify', { id, command: 'touch /tmp/injected' });
    expect(injected.isError).toBe(true);
    expect(injected.text).toMatch(/Unrecognized key/);
    const unconfigured = await board.call('feature_verify', { id });
    expect(unconfigured.text).toMatch(/No check command is configured/);
    // Without a check command, review needs no evidence.
    expect((await board.call('feature_release', { id, status: 'review' })).isError).toBe(false);
  });

  it('reads verifyCommand from .automaker/settings.json', async () => {
    const repo = createRepo();
    const board = await open(repo, {});
    const { id, worktree } = await claimed(board);
    writeFileSync(join(repo, '.automaker', 'settings.json'), JSON.stringify({ version: 1, verifyCommand: 'test -f ok.txt' }));
    commit(worktree, 'ok.txt', 'ok\n');
    expect((await board.call('feature_verify', { id })).data).toMatchObject({ evidence: { command: 'test -f ok.txt', passed: true } });
  });
});
