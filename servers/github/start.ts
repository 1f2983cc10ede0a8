import type { Env } from '../../shared/env.js';
import { instanceName } from '../../shared/instance.js';
import { keepConfigError, type ServerStart } from '../../shared/start-server.js';
import { stateDir } from '../../shared/state-dir.js';
import { PRODUCTION_TIMING } from './client.js';
import { type GitHubConfig, loadConfig } from './config.js';
import type { BoardLink } from './deps.js';
import { createGitHubServer } from './server.js';

/** How the github server starts (shared/start-server.ts runs it; main.ts is the entry point). */
export const githubStart: ServerStart = {
  name: 'github',
  secrets: (env) => [env.GITHUB_TOKEN ?? ''],
  create({ env, log, scrub }) {
    const { config, configError } = keepConfigError(
      () => loadConfig(env),
      (): GitHubConfig => ({
        apiUrl: 'https://api.github.com',
        allowlist: [],
        allowElevated: false,
        auditLog: `${stateDir(env)}/github-audit.jsonl`,
      }),
    );
    const server = createGitHubServer({
      config,
      ...(configError ? { configError } : {}),
      cwd: process.cwd(),
      instance: instanceName(env),
      log,
      scrub,
      timing: PRODUCTION_TIMING,
      wait: { pollMs: 10_000, limitMs: 45_000 },
      gitEnv: gitEnvironment(env),
      board: () => import('../board/store/pr-link.js') as Promise<BoardLink>,
    });
    const warnings = !configError && !config.token ? ['GITHUB_TOKEN is not set; every tool call will say so.'] : [];
    return { server, configError, warnings };
  },
};

/** git children get the caller's environment minus the token (they are given credentials per push). */
function gitEnvironment(source: Env): Env {
  const { GITHUB_TOKEN: _token, ...rest } = source;
  return rest;
}
