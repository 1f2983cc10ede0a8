/**
 * A test repository with a real bare `origin` (its main tracked by the local main) and a second clone, `hub`, that
 * plays GitHub: it merges pushed branches into origin's main with plain git (merge, squash or rebase), or commits
 * there directly (the base moving on). Set-up runs git directly, independently of the code under test.
 */
import { join } from 'node:path';
import { makeRepo, type TestRepo } from './test-repo.js';

export type UpstreamStrategy = 'merge' | 'squash' | 'rebase';

export interface RepoWithOrigin extends TestRepo {
  origin: string;
  hub: string;
  /** Pushes `branch` from the local repository to origin. */
  push(branch: string): void;
  /** Merges origin's `branch` into origin's main the way GitHub's button does; returns origin's new main. */
  mergeUpstream(branch: string, strategy: UpstreamStrategy): string;
  /** A commit straight on origin's main (someone else's merged work); returns origin's new main. */
  commitUpstream(files: Record<string, string>, message: string): string;
  originMain(): string;
}

export function makeRepoWithOrigin(files?: Record<string, string>): RepoWithOrigin {
  const repo = makeRepo(files);
  const origin = join(repo.sandbox, 'origin.git');
  const hub = join(repo.sandbox, 'hub');
  repo.git(['clone', '-q', '--bare', repo.root, origin], repo.sandbox);
  repo.git(['remote', 'add', 'origin', origin]);
  repo.git(['fetch', '-q', 'origin']);
  repo.git(['branch', '-q', '--set-upstream-to=origin/main', 'main']);
  repo.git(['clone', '-q', origin, hub], repo.sandbox);
  for (const [key, value] of [
    ['user.name', 'Hub'],
    ['user.email', 'hub@test.invalid'],
    ['commit.gpgsign', 'false'],
  ]) {
    repo.git(['config', key as string, value as string], hub);
  }
  const originMain = () => repo.git(['rev-parse', 'refs/heads/main'], origin).trim();
  const syncHub = () => {
    repo.git(['fetch', '-q', 'origin'], hub);
    repo.git(['checkout', '-q', 'main'], hub);
    repo.git(['reset', '-q', '--hard', 'origin/main'], hub);
  };
  return {
    ...repo,
    origin,
    hub,
    originMain,
    push(branch) {
      repo.git(['push', '-q', 'origin', `refs/heads/${branch}:refs/heads/${branch}`]);
    },
    mergeUpstream(branch, strategy) {
      syncHub();
      const theirs = `origin/${branch}`;
      if (strategy === 'merge') repo.git(['merge', '-q', '--no-ff', '-m', `Merge pull request #1 from ${branch}`, theirs], hub);
      if (strategy === 'squash') {
        repo.git(['merge', '-q', '--squash', theirs], hub);
        repo.git(['commit', '-q', '-m', `Squashed ${branch} (#1)`], hub);
      }
      if (strategy === 'rebase') {
        // GitHub's rebase merge writes new commits even when a fast-forward were possible
        const commits = repo
          .git(['rev-list', '--reverse', `main..${theirs}`], hub)
          .split('\n')
          .filter(Boolean);
        for (const commit of commits) {
          repo.git(['cherry-pick', '-n', commit], hub);
          repo.git(['commit', '-q', '--allow-empty', '-C', commit, '--date=2030-01-01T00:00:00Z'], hub);
        }
      }
      repo.git(['push', '-q', 'origin', 'main'], hub);
      return originMain();
    },
    commitUpstream(changes, message) {
      syncHub();
      repo.commit(changes, message, hub);
      repo.git(['push', '-q', 'origin', 'main'], hub);
      return originMain();
    },
  };
}
