import { join } from 'node:path';
import type { Env } from '../../shared/env.js';
import { ConfigError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { handleInteraction } from './approvals/interactions.js';
import type { ApprovalContext } from './approvals/service.js';
import { ApprovalStore } from './approvals/store.js';
import { CHANNEL_VARIABLE, loadConfig, type Channel, type DiscordConfig } from './config.js';
import { connectGateway } from './gateway/connection.js';
import { GatewayElection } from './gateway/election.js';
import { instanceName, newSessionId, type Requester } from './identity.js';
import { DiscordRest } from './rest.js';

export interface DiscordDeps {
  config: DiscordConfig | ConfigError;
  /** REST client (bot token and/or webhook); undefined when the configuration is broken. */
  rest: DiscordRest | undefined;
  /** This bot's approvals (a folder per bot application id). */
  store: ApprovalStore;
  /** The lock-elected gateway owner of this bot; undefined unless a bot token is configured. */
  gateway: GatewayElection | undefined;
  /** This process: the instance it serves and its own session id (approvals are shown to their session). */
  requester: Requester;
  now(): number;
  log: Logger;
  /** approval_wait re-reads the store this often, and sends progress this often. */
  waitPollMs: number;
  progressEveryMs: number;
}

export interface DepsOptions {
  now?: () => number;
  waitPollMs?: number;
  progressEveryMs?: number;
  election?: { retryMs?: number; staleMs?: number; failureBackoffMs?: number };
  /** Per REST attempt (default 15 s); tests shorten it to meet a slow answer. */
  restTimeoutMs?: number;
}

/** Builds everything the server needs from the environment; connects nothing (the gateway starts on demand). */
export function createDiscordDeps(env: Env, log: Logger, options: DepsOptions = {}): DiscordDeps {
  const { config, stateDir } = loadConfig(env);
  const bot = config instanceof ConfigError ? undefined : config.botId;
  const store = new ApprovalStore(join(stateDir, 'discord', bot ?? 'no-bot'));
  const now = options.now ?? Date.now;
  const rest =
    config instanceof ConfigError
      ? undefined
      : new DiscordRest(config.apiUrl, config.token, log, config.webhookUrl, {
          ...(options.restTimeoutMs ? { timeoutMs: options.restTimeoutMs } : {}),
        });
  let gateway: GatewayElection | undefined;
  if (rest && !(config instanceof ConfigError) && config.token) {
    const { token, apiUrl } = config;
    const ctx: ApprovalContext = { store, rest, now, log };
    gateway = new GatewayElection({
      lockPath: join(store.dir, 'gateway.lock'),
      holderFile: join(store.dir, 'gateway-holder.json'),
      log,
      ...options.election,
      async connect(lost) {
        const instanceId = await store.instanceId();
        await store.pruneInteractions();
        await rest.warm();
        return connectGateway({
          apiUrl,
          token,
          log,
          onLost: lost,
          onInteraction: (interaction) => handleInteraction(interaction, { ...ctx, rest, instanceId }),
        });
      },
    });
  }
  return {
    config,
    rest,
    store,
    gateway,
    requester: { instance: instanceName(env), session: newSessionId() },
    now,
    log,
    waitPollMs: options.waitPollMs ?? 250,
    progressEveryMs: options.progressEveryMs ?? 5000,
  };
}

/** The configuration, or the start-up ConfigError again, in-band. */
export function requireConfig(deps: DiscordDeps): { config: DiscordConfig; rest: DiscordRest } {
  if (deps.config instanceof ConfigError || !deps.rest) throw deps.config;
  adoptPendingApprovals(deps);
  return { config: deps.config, rest: deps.rest };
}

const adopted = new WeakSet<DiscordDeps>();

/**
 * On a process's first tool call (never at start-up), become a gateway candidate if any approval of this bot is
 * still pending, so the buttons of requests made by sessions that have since ended keep working.
 */
function adoptPendingApprovals(deps: DiscordDeps): void {
  if (!deps.gateway || adopted.has(deps)) return;
  adopted.add(deps);
  const { gateway } = deps;
  void deps.store
    .list()
    .then((all) => {
      if (all.some((a) => a.status === 'pending' && Date.parse(a.expiresAt) > deps.now())) gateway.start();
    })
    .catch((error: unknown) => deps.log.warn({ err: error }, 'could not read the approval store'));
}

export function requireChannel(config: DiscordConfig, channel: Channel): string {
  const id = config.channels[channel];
  if (!id) throw new ConfigError(`Configuration error: ${CHANNEL_VARIABLE[channel]} is not set, so #${channel} cannot be used.`);
  return id;
}

/** What every approval tool needs: the bot and its gateway. Reading and waiting need no approver list. */
export function requireBot(deps: DiscordDeps) {
  const { config, rest } = requireConfig(deps);
  if (!config.token || !deps.gateway) {
    throw new ConfigError('Configuration error: DISCORD_TOKEN is not set; approvals need the bot (a webhook cannot receive clicks).');
  }
  const ctx: ApprovalContext = { store: deps.store, rest, now: deps.now, log: deps.log };
  return { config, rest, gateway: deps.gateway, ctx };
}

/** Everything a new approval request needs: the bot, #approvals and this process's approver list. */
export function requireApprovals(deps: DiscordDeps) {
  const bot = requireBot(deps);
  const channelId = requireChannel(bot.config, 'approvals');
  const { approvers } = bot.config;
  if (!approvers) throw new ConfigError('Configuration error: DISCORD_APPROVERS is not set, so nobody could decide an approval.');
  return { ...bot, channelId, approvers: { users: [...approvers.users], roles: [...approvers.roles] } };
}
