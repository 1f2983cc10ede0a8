import { UpstreamError } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/logger.js';
import type { RawInteraction } from '../approvals/interactions.js';
import { createGatewayClient } from './client.js';

export interface GatewayConnection {
  close(): Promise<void>;
}

export interface ConnectOptions {
  apiUrl: string;
  token: string;
  log: Logger;
  onInteraction(interaction: RawInteraction): Promise<void>;
  /** Discord closed the session for good (revoked token, disallowed intents…): discord.js will not reconnect. */
  onLost(reason: string): void;
  readyTimeoutMs?: number;
}

/**
 * Opens the one gateway connection (client.ts). Interactions are read from the raw dispatch (Discord's own shape:
 * member roles as ids) and answered over REST.
 */
export async function connectGateway(options: ConnectOptions): Promise<GatewayConnection> {
  const { log } = options;
  const { client, Events } = await createGatewayClient(options.apiUrl);
  // An unhandled 'error' event would kill the process; every one is logged instead.
  client.on(Events.Error, (error) => log.warn({ err: error }, 'discord client error'));
  client.on(Events.ShardError, (error) => log.warn({ err: error }, 'discord gateway error'));
  client.on(Events.Warn, (message) => log.warn({ upstream: message }, 'discord client warning'));
  client.on(Events.Raw, (packet: { t?: string | null; d?: unknown }) => {
    if (packet.t !== 'INTERACTION_CREATE') return;
    options
      .onInteraction(packet.d as RawInteraction)
      .catch((error: unknown) => log.error({ err: error }, 'could not handle an interaction'));
  });
  client.on(Events.ShardDisconnect, (event) => options.onLost(`gateway closed with code ${event.code}`));

  let timer: NodeJS.Timeout | undefined;
  try {
    // The ready wait and the login race; whichever fails first wins, and the timer never outlives this call.
    const ready = new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new UpstreamError('The Discord gateway did not become ready in time.')),
        options.readyTimeoutMs ?? 30_000,
      );
      client.once(Events.ClientReady, () => resolve());
    });
    await Promise.all([ready, client.login(options.token)]);
  } catch (error) {
    await client.destroy().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  log.info('discord gateway connected');
  return {
    async close() {
      await client.destroy().catch((error: unknown) => log.warn({ err: error }, 'error closing the gateway'));
    },
  };
}
