import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEMO_GIT_ENV = {
  GIT_AUTHOR_NAME: 'protoLabs demo',
  GIT_AUTHOR_EMAIL: 'demo@protolabs.invalid',
  GIT_COMMITTER_NAME: 'protoLabs demo',
  GIT_COMMITTER_EMAIL: 'demo@protolabs.invalid',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...DEMO_GIT_ENV }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export interface Scratch {
  root: string;
  /** The project checkout the servers work in. */
  repo: string;
  /** A bare repository standing in for GitHub's storage (the `origin` remote). */
  remote: string;
  stateDir: string;
}

/** A throwaway project: a small app on `main`, pushed to a local bare `origin`. */
export function createScratch(): Scratch {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'protolabs-demo-')));
  const repo = join(root, 'greeter');
  const remote = join(root, 'origin.git');
  const stateDir = join(root, 'state');
  mkdirSync(repo);
  mkdirSync(stateDir);
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'README.md'), '# greeter\n\nSays hello.\n');
  writeFileSync(join(repo, 'greet.sh'), '#!/bin/sh\necho "hello"\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'A greeter that says hello');
  git(repo, 'remote', 'add', 'origin', remote);
  git(repo, 'push', '-q', 'origin', 'main');
  return { root, repo, remote, stateDir };
}
