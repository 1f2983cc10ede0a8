/**
 * Real throw-away git repositories for tests and the benchmark. Set-up uses the git binary directly (execFileSync),
 * independently of the code under test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

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
  const sandbox = realpathSync(mkdtempSync(join(tmpdir(), 'board-git-')));
  const root = join(sandbox, 'repo');
  mkdirSync(root);
  const run = (args: string[], cwd = root): string =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: { ...cleanEnv(), ...GIT_IDENTITY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const write = (relativePath: string, content: string, cwd = root): void => {
    const target = join(cwd, relativePath);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  };
  const commit = (changes: Record<string, string>, message: string, cwd = root): string => {
    for (const [file, content] of Object.entries(changes)) write(file, content, cwd);
    run(['add', '-A'], cwd);
    run(['commit', '-q', '-m', message], cwd);
    return run(['rev-parse', 'HEAD'], cwd).trim();
  };
  run(['init', '-q', '-b', 'main']);
  run(['config', 'user.name', GIT_IDENTITY.GIT_AUTHOR_NAME]);
  run(['config', 'user.email', GIT_IDENTITY.GIT_AUTHOR_EMAIL]);
  run(['config', 'commit.gpgsign', 'false']);
  commit(files, 'initial');
  return { sandbox, root, git: run, write, commit, cleanup: () => rmSync(sandbox, { recursive: true, force: true }) };
}

function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('GIT_')) env[key] = value;
  }
  return env;
}
