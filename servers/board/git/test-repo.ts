/**
 * The board's git tests' repository: testing/git-repo.ts's, inside a sandbox folder, with the identity also in its
 * config, and git/commit/write that take another work tree (a clone) as `cwd`.
 */
import { commitFiles, createGitRepo, runGit, writeFiles } from '../../../testing/git-repo.js';

export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Board Test',
  GIT_AUTHOR_EMAIL: 'board@test.invalid',
  GIT_COMMITTER_NAME: 'Board Test',
  GIT_COMMITTER_EMAIL: 'board@test.invalid',
};

export interface TestRepo {
  /** A folder that contains the repository (use it as ALLOWED_ROOT_DIRECTORY). */
  sandbox: string;
  root: string;
  git(args: string[], cwd?: string): string;
  write(relativePath: string, content: string, cwd?: string): void;
  commit(files: Record<string, string>, message: string, cwd?: string): string;
  cleanup(): void;
}

export function makeRepo(files: Record<string, string> = { 'README.md': '# test\n', 'src/a.txt': 'one\ntwo\nthree\n' }): TestRepo {
  const repo = createGitRepo({ prefix: 'board-git-', name: 'repo', files: {}, identity: GIT_IDENTITY });
  const root = repo.dir;
  const run = (args: string[], cwd = root): string => runGit(cwd, args, GIT_IDENTITY);
  // The identity also in the repository's config: the board's own git calls may run without the variables.
  run(['config', 'user.name', GIT_IDENTITY.GIT_AUTHOR_NAME]);
  run(['config', 'user.email', GIT_IDENTITY.GIT_AUTHOR_EMAIL]);
  run(['config', 'commit.gpgsign', 'false']);
  const commit = (changes: Record<string, string>, message: string, cwd = root): string =>
    commitFiles(cwd, changes, { message, identity: GIT_IDENTITY, all: true });
  commit(files, 'initial');
  return {
    sandbox: repo.root,
    root,
    git: run,
    write: (relativePath, content, cwd = root) => writeFiles(cwd, { [relativePath]: content }),
    commit,
    cleanup: repo.cleanup,
  };
}
