// The board's tools with branches the apps write: kept, found by branch, the base branch without a worktree, and a
// claim whose fetch fails rolled back.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRepoWithOrigin } from '../git/origin-test-repo.js';
import { createRepo, git, startBoard, type TestBoard } from './harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function newRepo(): string {
  const repo = createRepo();
  cleanups.push(() => rmSync(repo, { recursive: true, force: true }));
  return repo;
}

async function open(repo: string, env: Record<string, string> = {}): Promise<TestBoard> {
  const board = await startBoard(repo, { env });
  cleanups.push(() => board.close());
  return board;
}

const featureFile = (repo: string, id: string) => join(repo, '.automaker', 'features', id, 'feature.json');
const stored = (repo: string, id: string) => JSON.parse(readFileSync(featureFile(repo, id), 'utf8'));

/** A feature as the app leaves it: created by us, then its branchName set by the app. */
async function appFeature(board: TestBoard, repo: string, branchName: string): Promise<string> {
  const created = await board.call('feature_create', { features: [{ title: `On ${branchName}` }] });
  const id = (created.data.features as Array<{ id: string }>)[0]!.id;
  writeFileSync(featureFile(repo, id), JSON.stringify({ ...stored(repo, id), branchName }, null, 2));
  return id;
}

describe('branches the apps write', () => {
  it('keeps a fix/ branchName: the claim works on it in .worktrees/fix-…', async () => {
    const repo = newRepo();
    const board = await open(repo);
    const id = await appFeature(board, repo, 'fix/login-crash');
    const claimed = await board.call('feature_claim', { id });
    expect(claimed.isError, claimed.text).toBe(false);
    expect(claimed.data.feature).toMatchObject({ branch: 'fix/login-crash', worktree: join(repo, '.worktrees', 'fix-login-crash') });
    expect(stored(repo, id)).toMatchObject({ branchName: 'fix/login-crash' });
  });

  it('runs feature_verify in the worktree the app made for the branch, found by branch', async () => {
    const repo = newRepo();
    const appMade = join(repo, '.worktrees', 'made-by-the-app');
    git(repo, 'worktree', 'add', '-q', '-b', 'chore/app', appMade);
    writeFileSync(join(appMade, 'ok.txt'), 'ok\n');
    git(appMade, 'add', 'ok.txt');
    git(appMade, 'commit', '-q', '-m', 'ok');
    const board = await open(repo, { BOARD_VERIFY_COMMAND: 'grep -q ok ok.txt' });
    const id = await appFeature(board, repo, 'chore/app');
    expect((await board.call('feature_claim', { id })).data.feature).toMatchObject({ worktree: appMade });
    const verified = await board.call('feature_verify', { id });
    expect(verified.isError, verified.text).toBe(false);
    expect(verified.data.evidence).toMatchObject({ passed: true, headSha: git(appMade, 'rev-parse', 'HEAD') });
  });

  it('gives a feature on the base branch itself no worktree, with a note', async () => {
    const repo = newRepo();
    const board = await open(repo);
    const id = await appFeature(board, repo, 'main');
    const claimed = await board.call('feature_claim', { id });
    expect(claimed.isError, claimed.text).toBe(false);
    expect(claimed.data.feature).not.toHaveProperty('worktree');
    expect(claimed.text).toContain(
      `Note: ${id} is on the base branch main itself, so it gets no worktree: work in the main checkout ${repo}.`,
    );
    const made = await board.call('worktree_create', { feature: id });
    expect(made.isError, made.text).toBe(false);
    expect(made.text).toBe(
      `No worktree.\nNote: ${id} is on the base branch main itself, so it gets no worktree: work in the main checkout ${repo}.`,
    );
    expect(existsSync(join(repo, '.worktrees'))).toBe(false);
  });
});

describe('claims from the fresh base', () => {
  it('a claim whose fetch fails is rolled back and names the remote', async () => {
    const origin = makeRepoWithOrigin();
    cleanups.push(() => origin.cleanup());
    origin.git(['remote', 'set-url', 'origin', join(origin.sandbox, 'gone.git')]);
    const board = await open(origin.root);
    const created = await board.call('feature_create', { features: [{ title: 'Offline claim' }] });
    const id = (created.data.features as Array<{ id: string }>)[0]!.id;
    const claimed = await board.call('feature_claim', { id });
    expect(claimed.isError).toBe(true);
    expect(claimed.text).toContain("Could not fetch main from the remote 'origin'");
    expect(stored(origin.root, id)).toMatchObject({ status: 'backlog' });
    expect(origin.git(['branch', '--list']).trim()).toBe('* main');
  });
});
