/**
 * Throw-away git repositories for tests, the benchmark and the demo: one way to make them. Set-up runs the git
 * binary directly, independently of the code under test. Plain runtime code (Node built-ins only).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// A type alias (not an interface) so it passes as a plain environment record.
export type GitIdentity = {
  GIT_AUTHOR_NAME: string;
  GIT_AUTHOR_EMAIL: string;
  GIT_COMMITTER_NAME: string;
  GIT_COMMITTER_EMAIL: string;
};

/** The identity of test commits; a test run also has it in its environment (testing/global-setup.ts). */
export const TEST_GIT_IDENTITY: GitIdentity = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

// Variables that point git at another repository (set while a git hook runs, e.g. a pre-commit `npm test`); the
// configuration and identity variables pass.
const REPOSITORY_VARIABLES = /^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|NAMESPACE|PREFIX)$/;

/** This process's environment for git, aimed at no repository and with `identity` for commits. */
export function gitEnv(identity: GitIdentity = TEST_GIT_IDENTITY): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !REPOSITORY_VARIABLES.test(key)) env[key] = value;
  }
  return { ...env, ...identity };
}

/** Runs git in `cwd` with the test identity; its output, trimmed. Fails with git's message. */
export function git(cwd: string, ...args: string[]): string {
  return runGit(cwd, args).trim();
}

/** Runs git in `cwd` as `identity`; its output as git wrote it. */
export function runGit(cwd: string, args: string[], identity: GitIdentity = TEST_GIT_IDENTITY): string {
  return execFileSync('git', args, { cwd, env: gitEnv(identity), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Writes files below `dir`, making folders as needed, without staging them. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
}

export interface CommitOptions {
  message?: string;
  identity?: GitIdentity;
  /** Stage every change in the work tree, not only `files` (deletions, files written before). */
  all?: boolean;
}

/**
 * Writes `files` in the work tree `dir` and commits them; the new commit's id. Named files go in even where a
 * .gitignore would keep them out (.automaker in a test's fixture); nothing else does unless `all`.
 */
export function commitFiles(dir: string, files: Record<string, string>, options: CommitOptions = {}): string {
  const run = (...args: string[]) => runGit(dir, args, options.identity);
  writeFiles(dir, files);
  if (options.all) run('add', '-A');
  if (Object.keys(files).length > 0) run('add', '-f', '--', ...Object.keys(files));
  run('commit', '-q', '-m', options.message ?? 'change');
  return run('rev-parse', 'HEAD').trim();
}

export interface GitRepo {
  /** The work tree, on branch main. */
  dir: string;
  /** The temporary folder holding it (and its bare `origin`, when asked); `cleanup` removes it. */
  root: string;
  /** The bare repository `origin` points at, when asked for. */
  remote?: string;
  git(...args: string[]): string;
  /** Writes files (folders made as needed) without staging them. */
  write(files: Record<string, string>): void;
  /** Writes and commits `files` (see `commitFiles`); the new commit's id. */
  commit(files: Record<string, string>, message?: string): string;
  cleanup(): void;
}

export interface GitRepoOptions {
  /** The first commit's files; `{}` for a repository with no commit. Default: a README. */
  files?: Record<string, string>;
  message?: string;
  /** Prefix of the temporary folder's name. */
  prefix?: string;
  /** The work tree's folder inside the temporary folder; by default the temporary folder itself (`work` with a remote). */
  name?: string;
  /** Adds a bare `origin` beside the work tree and pushes main to it (needs a first commit). */
  remote?: boolean;
  /** Commit identity (the demo's own); default the test identity. */
  identity?: GitIdentity;
}

/** A fresh repository on branch main, with a first commit unless `files` is empty. */
export function createGitRepo(options: GitRepoOptions = {}): GitRepo {
  const identity = options.identity ?? TEST_GIT_IDENTITY;
  const root = realpathSync(mkdtempSync(join(tmpdir(), options.prefix ?? 'git-repo-')));
  // With a remote the work tree gets a folder of its own, so the bare repository is not inside it.
  const name = options.name ?? (options.remote ? 'work' : undefined);
  const dir = name ? join(root, name) : root;
  mkdirSync(dir, { recursive: true });
  const run = (...args: string[]) => runGit(dir, args, identity).trim();
  const commit = (files: Record<string, string>, message?: string) =>
    commitFiles(dir, files, { identity, ...(message ? { message } : {}) });
  run('init', '-q', '-b', 'main');
  const files = options.files ?? { 'README.md': '# scratch\n' };
  if (Object.keys(files).length > 0) commit(files, options.message ?? 'initial');
  const repo: GitRepo = {
    dir,
    root,
    git: run,
    write: (more) => writeFiles(dir, more),
    commit,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  if (options.remote) {
    repo.remote = join(root, 'origin.git');
    runGit(root, ['init', '-q', '--bare', '-b', 'main', repo.remote], identity);
    run('remote', 'add', 'origin', repo.remote);
    run('push', '-q', 'origin', 'main');
  }
  return repo;
}
