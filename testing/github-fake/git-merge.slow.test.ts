import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from './index.js';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Ada',
  GIT_AUTHOR_EMAIL: 'ada@example.invalid',
  GIT_COMMITTER_NAME: 'Ada',
  GIT_COMMITTER_EMAIL: 'ada@example.invalid',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: { ...process.env, ...IDENTITY }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

let fake: GitHubFake | undefined;
let dir: string | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A bare "GitHub" repository and a clone with main pushed and a feature branch of two commits pushed. */
function repos() {
  dir = mkdtempSync(join(tmpdir(), 'fake-merge-'));
  const bare = join(dir, 'origin.git');
  const work = join(dir, 'work');
  git(dir, 'init', '-q', '--bare', '-b', 'main', bare);
  git(dir, 'clone', '-q', bare, work);
  git(work, 'checkout', '-q', '-b', 'main');
  writeFileSync(join(work, 'a.txt'), 'one\ntwo\nthree\n');
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'start');
  git(work, 'push', '-q', 'origin', 'main');
  git(work, 'checkout', '-q', '-b', 'feature/x');
  writeFileSync(join(work, 'b.txt'), 'b\n');
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'add b');
  writeFileSync(join(work, 'a.txt'), 'one\ntwo\nTHREE\n');
  git(work, 'commit', '-q', '-am', 'shout three');
  git(work, 'push', '-q', 'origin', 'feature/x');
  git(work, 'checkout', '-q', 'main');
  return { bare, work };
}

async function api(method: string, path: string, body?: unknown) {
  const f = fake as GitHubFake;
  const res = await fetch(`${f.url}/repos/protolabs/demo${path}`, {
    method,
    headers: { authorization: `token ${f.token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function openPull() {
  const opened = await api('POST', '/pulls', { title: 'Shout the third line', head: 'feature/x', base: 'main', body: 'Why: louder.' });
  expect(opened.status).toBe(201);
  return opened.json as { number: number; head: { sha: string } };
}

/** Pushes a commit on main from a second clone (someone else's PR merged meanwhile). */
function moveBase(bare: string, file: string, content: string) {
  const other = join(dir as string, `other-${file}`);
  git(dir as string, 'clone', '-q', '-b', 'main', bare, other);
  writeFileSync(join(other, file), content);
  git(other, 'add', '.');
  git(other, 'commit', '-q', '-m', `change ${file}`);
  git(other, 'push', '-q', 'origin', 'main');
}

describe('GitHub fake merges in its bare repository', () => {
  it('squash: one commit on main titled "<PR title> (#n)" listing the commits, fetched by a clone; the head branch deleted when the repo says so', async () => {
    const { bare, work } = repos();
    fake = await startGitHubFake({ gitDir: bare, deleteBranchOnMerge: true });
    const pr = await openPull();
    const before = git(bare, 'rev-parse', 'main');
    const merged = await api('PUT', `/pulls/${pr.number}/merge`, { merge_method: 'squash', sha: pr.head.sha });
    expect(merged).toMatchObject({ status: 200, json: { merged: true } });
    const sha = merged.json.sha as string;
    expect(git(bare, 'rev-parse', 'main')).toBe(sha);
    expect(git(bare, 'rev-list', '--parents', '-1', sha)).toBe(`${sha} ${before}`);
    expect(git(bare, 'log', '-1', '--format=%B', sha)).toBe(`Shout the third line (#${pr.number})\n\n* add b\n\n* shout three`);
    expect(git(bare, 'log', '-1', '--format=%an', sha)).toBe('Ada');
    expect(git(bare, 'diff', '--name-only', before, sha).split('\n')).toEqual(['a.txt', 'b.txt']);
    expect(() => git(bare, 'rev-parse', '--verify', '--quiet', 'refs/heads/feature/x')).toThrow();
    git(work, 'fetch', '-q', 'origin');
    expect(git(work, 'rev-parse', 'origin/main')).toBe(sha);
    expect((await api('GET', `/pulls/${pr.number}`)).json).toMatchObject({ merged: true, state: 'closed', merge_commit_sha: sha });
  });

  it('merge: a merge commit with the base and the head as parents; the head branch kept by default', async () => {
    const { bare } = repos();
    fake = await startGitHubFake({ gitDir: bare });
    const pr = await openPull();
    const before = git(bare, 'rev-parse', 'main');
    const merged = await api('PUT', `/pulls/${pr.number}/merge`, { merge_method: 'merge' });
    const sha = merged.json.sha as string;
    expect(git(bare, 'rev-list', '--parents', '-1', 'main')).toBe(`${sha} ${before} ${pr.head.sha}`);
    expect(git(bare, 'log', '-1', '--format=%s', sha)).toBe(`Merge pull request #${pr.number} from protolabs/feature/x`);
    expect(git(bare, 'rev-parse', 'refs/heads/feature/x')).toBe(pr.head.sha);
  });

  it('rebase: the commits replayed one by one on the base, with their authors and messages', async () => {
    const { bare } = repos();
    fake = await startGitHubFake({ gitDir: bare });
    const pr = await openPull();
    moveBase(bare, 'c.txt', 'c\n');
    const base = git(bare, 'rev-parse', 'main');
    const merged = await api('PUT', `/pulls/${pr.number}/merge`, { merge_method: 'rebase' });
    expect(merged.status).toBe(200);
    expect(git(bare, 'log', '--format=%s|%an', `${base}..main`).split('\n')).toEqual(['shout three|Ada', 'add b|Ada']);
    expect(git(bare, 'rev-list', '--merges', `${base}..main`)).toBe('');
    expect(git(bare, 'show', 'main:a.txt')).toBe('one\ntwo\nTHREE');
    expect(git(bare, 'show', 'main:c.txt')).toBe('c');
    expect(merged.json.sha).toBe(git(bare, 'rev-parse', 'main'));
  });

  it('a base that moved without conflict still merges, holding both changes', async () => {
    const { bare } = repos();
    fake = await startGitHubFake({ gitDir: bare });
    const pr = await openPull();
    moveBase(bare, 'c.txt', 'c\n');
    const merged = await api('PUT', `/pulls/${pr.number}/merge`, { merge_method: 'squash' });
    expect(merged.status).toBe(200);
    expect(git(bare, 'ls-tree', '--name-only', 'main').split('\n')).toEqual(['a.txt', 'b.txt', 'c.txt']);
  });

  it('a base that moved into a conflict: mergeable false, the merge refused with 405, main untouched', async () => {
    const { bare } = repos();
    fake = await startGitHubFake({ gitDir: bare });
    const pr = await openPull();
    moveBase(bare, 'a.txt', 'one\ntwo\nthree!\n');
    const moved = git(bare, 'rev-parse', 'main');
    expect((await api('GET', `/pulls/${pr.number}`)).json).toMatchObject({ mergeable: false, mergeable_state: 'dirty' });
    const refused = await api('PUT', `/pulls/${pr.number}/merge`, { merge_method: 'squash' });
    expect(refused).toMatchObject({ status: 405, json: { message: 'Pull Request is not mergeable' } });
    expect(git(bare, 'rev-parse', 'main')).toBe(moved);
    expect(fake.state.pulls[0]).toMatchObject({ merged: false, state: 'open' });
  });

  it('a push to the head branch moves the PR head, and the sha guard then refuses the old one (409)', async () => {
    const { bare, work } = repos();
    fake = await startGitHubFake({ gitDir: bare });
    const pr = await openPull();
    git(work, 'checkout', '-q', 'feature/x');
    writeFileSync(join(work, 'd.txt'), 'd\n');
    git(work, 'add', '.');
    git(work, 'commit', '-q', '-m', 'add d');
    git(work, 'push', '-q', 'origin', 'feature/x');
    const stale = await api('PUT', `/pulls/${pr.number}/merge`, { merge_method: 'squash', sha: pr.head.sha });
    expect(stale.status).toBe(409);
    expect((await api('GET', `/pulls/${pr.number}`)).json).toMatchObject({ head: { sha: git(work, 'rev-parse', 'HEAD') } });
  });

  it('deleting a head ref through the API deletes the branch in the bare repository', async () => {
    const { bare } = repos();
    fake = await startGitHubFake({ gitDir: bare });
    const res = await fetch(`${fake.url}/repos/protolabs/demo/git/refs/${encodeURIComponent('heads/feature/x')}`, {
      method: 'DELETE',
      headers: { authorization: `token ${fake.token}` },
    });
    expect(res.status).toBe(204);
    expect(() => git(bare, 'rev-parse', '--verify', '--quiet', 'refs/heads/feature/x')).toThrow();
  });

  it('auto-merge firing merges in the bare repository with the method it was enabled with', async () => {
    const { bare } = repos();
    fake = await startGitHubFake({ gitDir: bare });
    const pr = await openPull();
    const pull = fake.state.pulls[0]!;
    pull.autoMerge = { method: 'squash', enabledBy: 'protolabs-bot', enabledAt: new Date().toISOString() };
    const before = git(bare, 'rev-parse', 'main');
    fake.completeAutoMerge(pull);
    expect(pull).toMatchObject({ merged: true, mergeCommitSha: git(bare, 'rev-parse', 'main') });
    expect(git(bare, 'rev-list', '--parents', '-1', 'main').split(' ').slice(1)).toEqual([before]);
    expect(git(bare, 'log', '-1', '--format=%s', 'main')).toBe(`Shout the third line (#${pr.number})`);
  });
});
