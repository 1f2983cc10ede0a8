import { join } from 'node:path';
import type { Env } from '../../shared/env.js';
import { ConfigError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { handleInteraction } from './approvals/interactions.js';
import type { ApprovalContext } from './approvals/service.js';
import { ApprovalStore } from './approvals/store.js';
import { CHANNEL_VARIABLE, loadConfig, type Approvers, type Channel, type DiscordConfig } from './config.js';
import { connectGateway } from './gateway/connection.js';
import { GatewayElection } from './gateway/election.js';
import { DiscordRest } from './rest.js';

export interface DiscordDeps {
  config: DiscordConfig | ConfigError;
  /** REST client (bot token and/or webhook); undefined when the configuration is broken. */
  rest: DiscordRest | undefined;
  store: ApprovalStore;
  /** The lock-elected gateway owner; undefined unless a bot token is configured. */
  gateway: GatewayElection | undefined;
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
}

/** Builds everything the server needs from the environment; connects nothing (the gateway starts on demand). */
export function createDiscordDeps(env: Env, log: Logger, options: DepsOptions = {}): DiscordDeps {
  const { config, stateDir } = loadConfig(env);
  const store = new ApprovalStore(join(stateDir, 'discord'));
  const now = options.now ?? Date.now;
  const rest = config instanceof ConfigError ? undefined : new DiscordRest(config.apiUrl, config.token, log);
  let gateway: GatewayElection | undefined;
  if (rest && !(config instanceof ConfigError) && config.token) {
    const { token, apiUrl } = config;
    const approvers: Approvers = config.approvers ?? { users: new Set(), roles: new Set() };
    const ctx: ApprovalContext = { store, rest, now, log };
    gateway = new GatewayElection({
      lockPath: join(store.dir, 'gateway.lock'),
      holderFile: join(store.dir, 'gateway-holder.json'),
      log,
      ...options.election,
      async connect() {
        const instanceId = await store.instanceId();
        await store.pruneInteractions();
        return connectGateway({
          apiUrl,
          token,
          log,
          onInteraction: (interaction) => handleInteraction(interaction, { ...ctx, instanceId, approvers }),
        });
      },
    });
  }
  return {
    config,
    rest,
    store,
    gateway,
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
 * On a process's first tool call (never at start-up), become a gateway candidate if any approval is still
 * pending, so the buttons of requests made by sessions that have since ended keep working.
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

/** Everything approvals need: the bot, #approvals and the approver list. */
export function requireApprovals(deps: DiscordDeps) {
  const { config, rest } = requireConfig(deps);
  if (!config.token || !deps.gateway) {
    throw new ConfigError('Configuration error: DISCORD_TOKEN is not set; approvals need the bot (a webhook cannot receive clicks).');
  }
  const channelId = requireChannel(config, 'approvals');
  if (!config.approvers) throw new ConfigError('Configuration error: DISCORD_APPROVERS is not set, so nobody could decide an approval.');
  const ctx: ApprovalContext = { store: deps.store, rest, now: deps.now, log: deps.log };
  return { config, rest, channelId, gateway: deps.gateway, ctx };
}
