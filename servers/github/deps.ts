import type { Env } from '../../shared/env.js';
import type { PullRequestMerge } from '../board/store/pr-link.js';
import type { ConfigError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { GitHubApi, HttpTiming } from './client.js';
import type { GitHubConfig } from './config.js';

/** The board store's PR link (servers/board/store/pr-link.ts). */
export interface BoardLink {
  getFeatureForPr(options: {
    cwd: string;
    featureId: string;
  }): Promise<{ id: string; title: string; branchName?: string; worktreePath?: string }>;
  linkPullRequest(options: { cwd: string; featureId: string; prNumber: number; prUrl: string }): Promise<void>;
  /** The feature linked to that PR, marked merged with its merge commit; undefined when none is linked. */
  recordPullRequestMerge(options: PullRequestMerge): Promise<string | undefined>;
}

/** What createGitHubServer needs; tests pass real values pointed at temp repos and the loopback fake. */
export interface GitHubDeps {
  config: GitHubConfig;
  /** A malformed environment: every tool call answers with this error. */
  configError?: ConfigError;
  /** The working directory: the default repository's checkout and the board's root. */
  cwd: string;
  /** This instance's name (shared/instance.ts), put on PR bodies and blocker issues. */
  instance: string;
  log: Logger;
  /** Removes the secrets of the raw environment from results (shared/start-server.ts); default: the configured token. */
  scrub?: (text: string) => string;
  timing: HttpTiming;
  /** pr_status waitForChecks: how often to poll and how long one call may wait. */
  wait: { pollMs: number; limitMs: number };
  /** Environment for git children (PATH, HOME, identity); credentials are added per push, never stored. */
  gitEnv: Env;
  /** Board linking; default: the board store module, loaded on first use. */
  board?: () => Promise<BoardLink>;
}

/** What tool handlers get: the deps plus the repository-bound API. */
export interface ToolDeps extends GitHubDeps {
  /** The API bound to `repo` (default: the configured repository); throws the config error when there is one. */
  api(
    repo: string | undefined,
    signal: AbortSignal,
    progress?: (progress: number, total?: number, message?: string) => Promise<void>,
  ): Promise<GitHubApi>;
  token(): string;
}
