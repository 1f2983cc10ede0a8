import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepos, git, startHarness, type Harness } from './harness.js';

// The loop through GitHub with the real board and the fake backed by a real bare repository: a PR linked to a
// feature by pr_open, merged on "GitHub" by pr_merge, seen by a fetch, and recorded on the feature for feature_finish.

let h: Harness | undefined;
let board: { close(): Promise<void> } | undefined;
afterEach(async () => {
  await h?.close();
  await board?.close();
  h = undefined;
  board = undefined;
});

const ELEVATED = { GITHUB_ALLOW_ELEVATED: 'true' };

async function linkedPr(fake: { deleteBranchOnMerge?: boolean } = {}) {
  const { startBoard } = await import('../../board/test/harness.js');
  const boardLink = await import('../../board/store/pr-link.js');
  const repos = createRepos();
  const b = await startBoard(repos.work);
  board = b;
  const created = await b.call('feature_create', { features: [{ title: 'Login' }] });
  const id = (created.data.features as Array<{ id: string }>)[0]?.id as string;
  h = await startHarness({ cwd: repos.work, fake: { gitDir: repos.bare, ...fake }, board: boardLink, env: ELEVATED });
  const opened = await h.call('pr_open', { feature: id, title: 'Add login', body: 'Login.' });
  expect(opened.data).toMatchObject({ linked: true });
  return { repos, id, board: b, pr: opened.data as { number: number; headSha: string } };
}

/** Someone else's change lands on main meanwhile (pushed from another clone). */
function pushToMain(repos: { dir: string; bare: string }, file: string, content: string) {
  const other = join(repos.dir, `other-${file}`);
  git(repos.dir, 'clone', '--quiet', repos.bare, other);
  writeFileSync(join(other, file), content);
  git(other, 'add', '.');
  git(other, 'commit', '--quiet', '-m', `change ${file}`);
  git(other, 'push', '--quiet', 'origin', 'main');
}

describe('pr_merge through a real bare repository, recorded on the board', () => {
  it.each(['squash', 'merge', 'rebase'] as const)(
    '%s: origin/main moves to the merge, the feature records it, the text names feature_finish',
    async (method) => {
      const { repos, id, board: b, pr } = await linkedPr();
      const result = await h!.call('pr_merge', { number: pr.number, method, expectedHeadSha: pr.headSha });
      expect(result.isError, result.text).toBe(false);
      const sha = git(repos.bare, 'rev-parse', 'main');
      expect(result.data).toMatchObject({ merged: true, sha, feature: id });
      expect(result.text).toBe(
        `Merged PR #${pr.number} (${method}) as ${sha.slice(0, 12)}, recorded on its feature. Next: board feature_finish {"id":"${id}"}`,
      );
      git(repos.work, 'fetch', '--quiet', 'origin');
      expect(git(repos.work, 'rev-parse', 'origin/main')).toBe(sha);
      expect(git(repos.work, 'show', 'origin/main:login.ts')).toBe('export const login = true;');
      const feature = (await b.call('feature_get', { id })).data;
      expect(JSON.stringify(feature)).toContain(sha);
    },
  );

  it('records the merge when the call names the repository itself (the PR is matched by its URL)', async () => {
    const { repos, id, board: b, pr } = await linkedPr();
    const result = await h!.call('pr_merge', { number: pr.number, method: 'squash', expectedHeadSha: pr.headSha, repo: 'protolabs/demo' });
    expect(result.isError, result.text).toBe(false);
    const sha = git(repos.bare, 'rev-parse', 'main');
    expect(result.data).toMatchObject({ merged: true, sha, feature: id });
    expect(JSON.stringify((await b.call('feature_get', { id })).data)).toContain(sha);
  });

  it('a base that moved between the PR and the merge (no conflict): merged on top of it', async () => {
    const { repos, pr } = await linkedPr({ deleteBranchOnMerge: true });
    pushToMain(repos, 'NOTES.md', 'notes\n');
    const moved = git(repos.bare, 'rev-parse', 'main');
    const result = await h!.call('pr_merge', { number: pr.number, method: 'squash', expectedHeadSha: pr.headSha });
    expect(result.isError, result.text).toBe(false);
    expect(git(repos.bare, 'rev-parse', 'main^')).toBe(moved);
    expect(() => git(repos.bare, 'rev-parse', '--verify', '--quiet', 'refs/heads/feature/login')).toThrow();
  });

  it('a base that moved into a conflict: refused, nothing merged, nothing recorded', async () => {
    const { repos, id, board: b, pr } = await linkedPr();
    pushToMain(repos, 'login.ts', 'export const login = false;\n');
    const moved = git(repos.bare, 'rev-parse', 'main');
    const result = await h!.call('pr_merge', { number: pr.number, method: 'squash', expectedHeadSha: pr.headSha });
    expect(result).toMatchObject({ isError: true, text: `Refusing to merge PR #${pr.number}: it conflicts with the base branch.` });
    expect(git(repos.bare, 'rev-parse', 'main')).toBe(moved);
    expect(JSON.stringify((await b.call('feature_get', { id })).data)).not.toContain('merged');
  });
});
