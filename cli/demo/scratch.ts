import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createGitRepo, runGit } from '../../testing/git-repo.js';

export const DEMO_GIT_ENV = {
  GIT_AUTHOR_NAME: 'protoLabs demo',
  GIT_AUTHOR_EMAIL: 'demo@protolabs.invalid',
  GIT_COMMITTER_NAME: 'protoLabs demo',
  GIT_COMMITTER_EMAIL: 'demo@protolabs.invalid',
};

export function git(cwd: string, ...args: string[]): string {
  return runGit(cwd, args, DEMO_GIT_ENV).trim();
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
  const scratch = createGitRepo({
    prefix: 'protolabs-demo-',
    name: 'greeter',
    remote: true,
    identity: DEMO_GIT_ENV,
    files: { 'README.md': '# greeter\n\nSays hello.\n', 'greet.sh': '#!/bin/sh\necho "hello"\n' },
    message: 'A greeter that says hello',
  });
  const stateDir = join(scratch.root, 'state');
  mkdirSync(stateDir);
  return { root: scratch.root, repo: scratch.dir, remote: scratch.remote as string, stateDir };
}
