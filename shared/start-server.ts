import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { isUnexpanded, unexpandedVariables, unsetReason, withoutUnexpanded, type Env } from './env.js';
import { ConfigError } from './errors.js';
import { createLogger, createScrubber, type Logger } from './logger.js';
import { runStdio } from './run-stdio.js';
import type { ServerName } from './servers.js';

export interface StartContext {
  env: Env;
  log: Logger;
  /** Removes the secret values of the raw environment from any text. */
  scrub: (text: string) => string;
}

export interface Started {
  server: McpServer;
  /** A malformed environment: logged once here; the server answers every tool call with it. */
  configError?: Error;
  /** Start-up warnings worth a log line (e.g. TLS verification off). */
  warnings?: string[];
  cleanup?: () => Promise<void> | void;
}

export interface ServerStart {
  name: ServerName;
  /**
   * The secret values in the raw environment, read before and whatever the parse of the configuration says: a
   * token in a malformed variable (or pasted into the wrong one) is still scrubbed from logs, results and errors.
   */
  secrets(env: Env): string[];
  /** Parses the configuration and builds the server; a configuration error is kept, never thrown. */
  create(context: StartContext): Started;
}

/**
 * The one start-up path of every server: secrets from the raw environment, the validated logger (LOG_LEVEL and
 * LOG_FILE refuse bad values with one clear line), the server built with its configuration or the configuration's
 * error, then stdio until the client goes away.
 */
export async function startServer(spec: ServerStart, env: Env = process.env): Promise<void> {
  // An unexpanded `${VAR}` is no secret: scrubbing it would hide the variable's name from the error that names it.
  const secrets = spec.secrets(env).filter((s) => s.length > 0 && !isUnexpanded(s));
  const log = createLogger(spec.name, withoutUnexpanded(env), secrets);
  const { server, configError, warnings = [], cleanup } = spec.create({ env, log, scrub: createScrubber(secrets) });
  if (configError) log.error(configError.message);
  for (const name of unexpandedVariables(env, Object.keys(env))) log.warn(`${unsetReason(env, name)}; it counts as not set.`);
  for (const warning of warnings) log.warn(warning);
  await runStdio(server, { log, ...(cleanup ? { cleanup } : {}) });
}

/** Parses a configuration that throws on bad input: its ConfigError is kept (the server still starts, every call says it) with the fallback in its place. */
export function keepConfigError<Config>(load: () => Config, fallback: () => Config): { config: Config; configError?: ConfigError } {
  try {
    return { config: load() };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { config: fallback(), configError: error };
  }
}
