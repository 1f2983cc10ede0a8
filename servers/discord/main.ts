import { ConfigError } from '../../shared/errors.js';
import { createLogger, createScrubber } from '../../shared/logger.js';
import { runStdio } from '../../shared/run-stdio.js';
import { loadConfig } from './config.js';
import { createDiscordDeps } from './deps.js';
import { createDiscordServer } from './server.js';

const env = process.env;
const { secrets } = loadConfig(env);
const log = createLogger('discord', env, secrets);
const deps = createDiscordDeps(env, log);
if (deps.config instanceof ConfigError) log.error(deps.config.message);
const server = createDiscordServer(deps, createScrubber(secrets));
// A broken stdout (the client went away mid-write) would crash the process with the gateway and its lock still held;
// treat it like stdin closing, which shuts down cleanly and releases both.
process.stdout.on('error', (error) => {
  log.warn({ err: error }, 'stdout failed; shutting down');
  process.stdin.destroy();
});
await runStdio(server, { log, cleanup: () => deps.gateway?.stop() });
