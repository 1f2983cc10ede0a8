import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, git, startBoard, type TestBoard } from './harness.js';

const boards: TestBoard[] = [];
const repos: string[] = [];
afterEach(async () => {
  await Promise.all(boards.splice(0).map((b) => b.close()));
  for (const repo of repos.splice(0)) rmSync(repo, { recursive: true, force: true });
});

function newRepo(): string {
  const repo = createRepo();
  repos.push(repo);
  return repo;
}

async function open(repo: string, env: Record<string, string> = {}, session = 'session-a'): Promise<TestBoard> {
  const board = await startBoard(repo, { env, session });
  boards.push(board);
  return board;
}

async function createAndClaim(board: TestBoard, title: string): Promise<{ id: string; worktree: string; branch: string }> {
  const created = await board.call('feature_create', { features: [{ title }] });
  const id = (created.data.features as Array<{ id: string }>)[0]!.id;
  const claimed = await board.call('feature_claim', { id });
  expect(claimed.isError, claimed.text).toBe(false);
  const f = claimed.data.feature as { worktree: string; branch: string };
  return { id, worktree: f.worktree, branch: f.branch };
}

function commitFile(dir: string, file: string, content: string, message = `edit ${file}`): void {
  writeFileSync(join(dir, file), content);
  git(dir, 'add', file);
  git(dir, 'commit', '-q', '-m', message);
}

describe('feature_claim with worktrees', () => {
  it('creates the worktree of feature/<slug> in .worktrees/feature-<slug> from the base branch, excluded from git, and reuses it', async () => {
    const repo = newRepo();
    const board = await open(repo);
    const { id, worktree, branch } = await createAndClaim(board, 'Add login form');
    expect(worktree).toBe(join(repo, '.worktrees', branch.replace('/', '-')));
    expect(branch).toMatch(/^feature\/add-login-form-[a-z0-9]+$/);
    expect(git(worktree, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe(branch);
    expect(git(worktree, 'rev-parse', 'HEAD')).toBe(git(repo, 'rev-parse', 'main'));
    expect(readFileSync(join(repo, '.git', 'info', 'exclude'), 'utf8')).toMatch(/\.worktrees/);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    const again = await board.call('feature_claim', { id });
    expect(again.data.feature).toMatchObject({ worktree, branch, renewed: true });
    const stored = JSON.parse(readFileSync(join(repo, '.automaker', 'features', id, 'feature.json'), 'utf8'));
    expect(stored).toMatchObject({ branchName: branch, worktreePath: worktree });
  });

  it('slugs a hostile title safely: nothing is created outside the worktrees root', async () => {
    const repo = newRepo();
    const board = await open(repo);
    const marker = join(tmpdir(), `pwned-${process.pid}`);
    const { worktree, branch } = await createAndClaim(board, `--upload-pack=touch ${marker} ../../x a..b x.lock`);
    expect(worktree.startsWith(join(repo, '.worktrees'))).toBe(true);
    expect(branch).toMatch(/^feature\/[a-z0-9-]+$/);
    expect(existsSync(marker)).toBe(false);
  });

  it('sends progress notifications while it sets the worktree up', async () => {
    const repo = newRepo();
    const board = await open(repo);
    const created = await board.call('feature_create', { features: [{ title: 'Progress' }] });
    const id = (created.data.features as Array<{ id: string }>)[0]!.id;
    const messages: string[] = [];
    const claimed = await board.call('feature_claim', { id }, { onprogress: (p) => messages.push(p.message ?? '') });
    expect(claimed.isError, claimed.text).toBe(false);
    expect(messages[0]).toBe('creating the worktree');
    expect(messages.at(-1)).toBe('worktree created');
  });

  it('claims without a worktree when asked, and worktree_create makes it later', async () => {
    const repo = newRepo();
    const board = await open(repo);
    const created = await board.call('feature_create', { features: [{ title: 'Later' }] });
    const id = (created.data.features as Array<{ id: string }>)[0]!.id;
    const claimed = await board.call('feature_claim', { id, worktree: false });
    expect(claimed.data.feature).not.toHaveProperty('worktree');
    const made = await board.call('worktree_create', { feature: id });
    expect(made.isError, made.text).toBe(false);
    expect(existsSync(made.data.path as string)).toBe(true);
  });
});

describe('worktree_remove', () => {
  it('refuses with the list while work would be lost, then force removes it and keeps the branch', async () => {
    const repo = newRepo();
    const board = await open(repo);
    const { id, worktree, branch } = await createAndClaim(board, 'Risky');
    commitFile(worktree, 'a.txt', 'committed\n');
    writeFileSync(join(worktree, 'b.txt'), 'untracked\n');
    const refused = await board.call('worktree_remove', { feature: id });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.data)).toContain('b.txt');
    expect(JSON.stringify(refused.data)).toContain('edit a.txt');
    expect(existsSync(worktree)).toBe(true);
    const forced = await board.call('worktree_remove', { feature: id, force: true });
    expect(forced.isError, forced.text).toBe(false);
    expect(existsSync(worktree)).toBe(false);
    expect(git(repo, 'branch', '--list', branch)).toContain(branch);
    const stored = JSON.parse(readFileSync(join(repo, '.automaker', 'features', id, 'feature.json'), 'utf8'));
    expect(stored).not.toHaveProperty('worktreePath');
    expect(stored.statusHistory.length).toBeGreaterThan(1);
  });
});

describe('worktree_merge', () => {
  it('merges cleanly, leaves the main checkout alone, and marks the feature done with the merge commit', async () => {
    const repo = newRepo();
    const board = await open(repo);
    const { id, worktree } = await createAndClaim(board, 'Clean');
    commitFile(worktree, 'feature.txt', 'hello\n');
    const status = await board.call('worktree_status', { feature: id });
    expect(status.data).toMatchObject({
      ahead: 1,
      behind: 0,
      mergesCleanly: true,
      changed: [expect.objectContaining({ path: 'feature.txt', added: 1 })],
    });
    const merged = await board.call('worktree_merge', { feature: id, strategy: 'squash', message: 'Add feature.txt' });
    expect(merged.isError, merged.text).toBe(false);
    expect(git(repo, 'show', 'main:feature.txt')).toBe('hello');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    const stored = JSON.parse(readFileSync(join(repo, '.automaker', 'features', id, 'feature.json'), 'utf8'));
    expect(stored).toMatchObject({ status: 'done', mergeCommit: git(repo, 'rev-parse', 'main') });
  });

  it('aborts a conflicting merge: base ref and main checkout unchanged, conflicting files listed', async () => {
    const repo = newRepo();
    const board = await open(repo);
    const { id, worktree } = await createAndClaim(board, 'Conflicting');
    commitFile(worktree, 'README.md', '# feature version\n');
    commitFile(repo, 'README.md', '# main version\n');
    const baseBefore = git(repo, 'rev-parse', 'main');
    const statusBefore = git(repo, 'status', '--porcelain');
    const result = await board.call('worktree_merge', { feature: id });
    expect(result.isError).toBe(true);
    expect(result.data.error).toMatchObject({ files: ['README.md'] });
    expect(git(repo, 'rev-parse', 'main')).toBe(baseBefore);
    expect(git(repo, 'status', '--porcelain')).toBe(statusBefore);
    expect(existsSync(join(repo, '.git', 'MERGE_HEAD'))).toBe(false);
    const stored = JSON.parse(readFileSync(join(repo, '.automaker', 'features', id, 'feature.json'), 'utf8'));
    expect(stored.status).toBe('in_progress');
  });
});

describe('worktree_list', () => {
  it('lists feature worktrees and flags an orphan', async () => {
    const repo = newRepo();
    const board = await open(repo);
    const { id } = await createAndClaim(board, 'Listed');
    git(repo, 'worktree', 'add', '-q', '-b', 'stray', join(repo, '.worktrees', 'stray'));
    const list = await board.call('worktree_list');
    const worktrees = list.data.worktrees as Array<{ featureId?: string; orphan?: string; branch?: string }>;
    expect(worktrees).toContainEqual(expect.objectContaining({ featureId: id }));
    expect(worktrees).toContainEqual(expect.objectContaining({ branch: 'stray', orphan: 'no-feature' }));
  });
});

describe('one board from every worktree', () => {
  it('finds the main checkout’s board from inside a feature worktree and says which feature it is in', async () => {
    const repo = newRepo();
    const board = await open(repo);
    const { id, worktree } = await createAndClaim(board, 'Here');
    const inside = await open(worktree, { BOARD_PROJECT_DIR: worktree }, 'session-b');
    const view = await inside.call('board_view');
    expect(view.data).toMatchObject({ repository: repo, here: { worktree, feature: id }, counts: { in_progress: 1 } });
    expect(existsSync(join(worktree, '.automaker'))).toBe(false);
  });

  it('refuses a repository outside ALLOWED_ROOT_DIRECTORY, and a worktrees root that escapes it by a symlink', async () => {
    const repo = newRepo();
    const elsewhere = realpathSync(newRepo());
    const outside = await open(repo, { ALLOWED_ROOT_DIRECTORY: elsewhere });
    const refused = await outside.call('board_view');
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/outside ALLOWED_ROOT_DIRECTORY/);

    mkdirSync(join(repo, 'links'));
    symlinkSync(elsewhere, join(repo, 'links', 'out'));
    const escaping = await open(repo, { ALLOWED_ROOT_DIRECTORY: repo, BOARD_WORKTREES_DIR: 'links/out' });
    const created = await escaping.call('feature_create', { features: [{ title: 'Escape' }] });
    const id = (created.data.features as Array<{ id: string }>)[0]!.id;
    const claimed = await escaping.call('feature_claim', { id });
    expect(claimed.isError).toBe(true);
    expect(claimed.text).toMatch(/outside the allowed root/);
    expect(git(elsewhere, 'worktree', 'list')).not.toContain('escape');
  });
});
