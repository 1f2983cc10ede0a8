import type { Env } from '../../shared/env.js';
import { ConfigError } from '../../shared/errors.js';
import { createLogger } from '../../shared/logger.js';
import { runStdio } from '../../shared/run-stdio.js';
import { instanceName } from '../../shared/instance.js';
import { stateDir } from '../../shared/state-dir.js';
import { PRODUCTION_TIMING } from './client.js';
import { loadConfig, type GitHubConfig } from './config.js';
import type { BoardLink } from './deps.js';
import { createGitHubServer } from './server.js';

const env: Env = process.env;
let config: GitHubConfig;
let configError: ConfigError | undefined;
try {
  config = loadConfig(env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  configError = error;
  config = { apiUrl: 'https://api.github.com', allowlist: [], allowElevated: false, auditLog: `${stateDir(env)}/github-audit.jsonl` };
}
const log = createLogger('github', env, config.token ? [config.token] : []);
if (configError) log.error(configError.message);
else if (!config.token) log.warn('GITHUB_TOKEN is not set; every tool call will say so.');

const server = createGitHubServer({
  config,
  ...(configError ? { configError } : {}),
  cwd: process.cwd(),
  instance: instanceName(env),
  log,
  timing: PRODUCTION_TIMING,
  wait: { pollMs: 10_000, limitMs: 45_000 },
  gitEnv: gitEnvironment(env),
  board: () => import('../board/store/pr-link.js') as Promise<BoardLink>,
});
await runStdio(server, { log });

/** git children get the caller's environment minus the token (they are given credentials per push). */
function gitEnvironment(source: Env): Env {
  const { GITHUB_TOKEN: _token, ...rest } = source;
  return rest;
}
