import type { Interaction } from 'discord.js';
import { UpstreamError } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/logger.js';

export interface GatewayConnection {
  close(): Promise<void>;
}

export interface ConnectOptions {
  apiUrl: string;
  token: string;
  log: Logger;
  onInteraction(interaction: Interaction): Promise<void>;
  readyTimeoutMs?: number;
}

/**
 * Opens the one gateway connection with discord.js, imported here and only here (≈ 300 ms and 35 MB that
 * notify-only processes never pay). Only the Guilds intent: button clicks and modals need no privileged one.
 */
export async function connectGateway(options: ConnectOptions): Promise<GatewayConnection> {
  const { Client, Events, GatewayIntentBits } = await import('discord.js');
  const { log } = options;
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: options.apiUrl } });
  // An unhandled 'error' event would kill the process; every one is logged instead.
  client.on(Events.Error, (error) => log.warn({ err: error }, 'discord client error'));
  client.on(Events.ShardError, (error) => log.warn({ err: error }, 'discord gateway error'));
  client.on(Events.Warn, (message) => log.warn({ upstream: message }, 'discord client warning'));
  client.on(Events.InteractionCreate, (interaction) => {
    options.onInteraction(interaction).catch((error: unknown) => log.error({ err: error }, 'could not handle an interaction'));
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new UpstreamError('The Discord gateway did not become ready in time.')), options.readyTimeoutMs ?? 30_000);
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
  });
  try {
    await client.login(options.token);
    await ready;
  } catch (error) {
    await client.destroy().catch(() => undefined);
    throw error;
  }
  log.info('discord gateway connected');
  return {
    async close() {
      await client.destroy().catch((error: unknown) => log.warn({ err: error }, 'error closing the gateway'));
    },
  };
}
