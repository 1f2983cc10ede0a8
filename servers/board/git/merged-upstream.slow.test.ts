import { afterEach, describe, expect, it } from 'vitest';
import { containingCommit, mergedInto } from './merged-upstream.js';
import { makeRepoWithOrigin, type RepoWithOrigin } from './origin-test-repo.js';

const repos: RepoWithOrigin[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

/** A branch with two commits, pushed to origin, while origin's main moves on with someone else's change. */
function branchWithWork(): RepoWithOrigin & { branch: string; head: string } {
  const repo = makeRepoWithOrigin();
  repos.push(repo);
  const branch = 'fix/login';
  repo.git(['checkout', '-q', '-b', branch]);
  repo.commit({ 'login.txt': 'one\n' }, 'login one');
  const head = repo.commit({ 'login.txt': 'one\ntwo\n' }, 'login two');
  repo.git(['checkout', '-q', 'main']);
  repo.push(branch);
  repo.commitUpstream({ 'other.txt': 'theirs\n' }, 'someone else');
  return { ...repo, branch, head };
}

function fetched(repo: RepoWithOrigin): string {
  repo.git(['fetch', '-q', 'origin']);
  return repo.git(['rev-parse', 'origin/main']).trim();
}

describe('mergedInto', () => {
  it.each([
    ['merge', 'ancestor'],
    ['rebase', 'same-patches'],
    ['squash', 'same-content'],
  ] as const)('sees a %s merge upstream (%s) and finds the commit that brought it', async (strategy, how) => {
    const repo = branchWithWork();
    const merged = repo.mergeUpstream(repo.branch, strategy);
    const later = repo.commitUpstream({ 'later.txt': 'later\n' }, 'later work');
    expect(fetched(repo)).toBe(later);
    expect(await mergedInto(repo.root, later, repo.head)).toBe(how);
    expect(await containingCommit(repo.root, later, repo.head, how)).toBe(merged);
  });

  it('says not merged while the work is not upstream, or only part of it is', async () => {
    const repo = branchWithWork();
    const upstream = fetched(repo);
    expect(await mergedInto(repo.root, upstream, repo.head)).toBeUndefined();
    repo.git(['checkout', '-q', repo.branch]);
    repo.commit({ 'more.txt': 'more\n' }, 'more after the merge');
    const extended = repo.git(['rev-parse', 'HEAD']).trim();
    repo.git(['checkout', '-q', 'main']);
    repo.mergeUpstream(repo.branch, 'squash'); // origin has only the two pushed commits
    expect(await mergedInto(repo.root, fetched(repo), extended)).toBeUndefined();
  });
});
