import { ConfigError } from '../../shared/errors.js';
import type { ServerStart } from '../../shared/start-server.js';
import { loadConfig } from './config.js';
import { createDiscordDeps } from './deps.js';
import { createDiscordServer } from './server.js';

/** How the discord server starts (shared/start-server.ts runs it; main.ts is the entry point). */
export const discordStart: ServerStart = {
  name: 'discord',
  // Read from the raw variables (DISCORD_TOKEN and the webhook URL's token), whatever the parse says.
  secrets: (env) => loadConfig(env).secrets,
  create({ env, log, scrub }) {
    const deps = createDiscordDeps(env, log);
    return {
      server: createDiscordServer(deps, scrub),
      configError: deps.config instanceof ConfigError ? deps.config : undefined,
      cleanup: () => deps.gateway?.stop(),
    };
  },
};
