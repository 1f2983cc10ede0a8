import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, ForbiddenError, NotFoundError, UpstreamError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';

export interface ApiMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  content: string;
  author: { id: string; username: string; global_name?: string | null; bot?: boolean };
  embeds?: unknown[];
  attachments?: unknown[];
  timestamp: string;
  webhook_id?: string;
}

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** What the request is about, for the error sentence ("channel DISCORD_CHANNEL_ALERTS"). */
  subject?: string;
}

const MAX_RATE_LIMIT_RETRIES = 3;
const TIMEOUT_MS = 15_000;

/**
 * Discord's REST API over plain fetch (no discord.js: notifications need neither its ~300 ms import nor the
 * gateway). Maps every failure to a typed error with one sentence; upstream bodies are only logged.
 */
export class DiscordRest {
  private readonly guilds = new Map<string, string>();

  constructor(
    private readonly apiUrl: string,
    private readonly token: string | undefined,
    private readonly log: Logger,
  ) {}

  postMessage(channelId: string, body: unknown, options: RequestOptions = {}): Promise<ApiMessage> {
    return this.request('POST', `/channels/${channelId}/messages`, { ...options, body });
  }

  editMessage(channelId: string, messageId: string, body: unknown, options: RequestOptions = {}): Promise<ApiMessage> {
    return this.request('PATCH', `/channels/${channelId}/messages/${messageId}`, { ...options, body });
  }

  listMessages(channelId: string, query: { limit: number; after?: string }, options: RequestOptions = {}): Promise<ApiMessage[]> {
    return this.request('GET', `/channels/${channelId}/messages`, { ...options, query: { limit: String(query.limit), after: query.after } });
  }

  /** The guild a channel belongs to (for message links), fetched once per channel. */
  async channelGuild(channelId: string, options: RequestOptions = {}): Promise<string> {
    const known = this.guilds.get(channelId);
    if (known) return known;
    const channel = await this.request<{ guild_id?: string }>('GET', `/channels/${channelId}`, options);
    const guild = channel.guild_id ?? '@me';
    this.guilds.set(channelId, guild);
    return guild;
  }

  /** Executes a webhook (its URL is the credential) and returns the posted message. */
  async executeWebhook(webhookUrl: string, body: unknown, options: RequestOptions = {}): Promise<ApiMessage> {
    const message = await this.send<ApiMessage>('POST', `${webhookUrl}?wait=true`, { ...options, body }, false, 'DISCORD_WEBHOOK_URL');
    if (!message.guild_id && !this.guilds.has(message.channel_id)) {
      const hook = await this.send<{ guild_id?: string }>('GET', webhookUrl, options, false, 'DISCORD_WEBHOOK_URL');
      this.guilds.set(message.channel_id, hook.guild_id ?? '@me');
    }
    return { ...message, guild_id: message.guild_id ?? this.guilds.get(message.channel_id) };
  }

  request<T>(method: string, route: string, options: RequestOptions = {}): Promise<T> {
    if (!this.token) throw new ConfigError('Configuration error: DISCORD_TOKEN is not set; this needs the bot.');
    const query = new URLSearchParams(
      Object.entries(options.query ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ).toString();
    return this.send<T>(method, `${this.apiUrl}/v10${route}${query ? `?${query}` : ''}`, options, true, 'DISCORD_API_URL');
  }

  private async send<T>(method: string, url: string, options: RequestOptions, auth: boolean, addressVariable: string): Promise<T> {
    const headers: Record<string, string> = { 'user-agent': 'DiscordBot (protolabs-mcp, 0)' };
    if (auth) headers.authorization = `Bot ${this.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS);
        response = await fetch(url, {
          method,
          headers,
          signal,
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        this.log.warn({ err: error, method }, 'discord request failed');
        throw new UpstreamError(`Discord could not be reached at the ${addressVariable} address; check the network and that variable.`);
      }
      if (response.status === 429 && attempt < MAX_RATE_LIMIT_RETRIES) {
        const body = (await response.json().catch(() => ({}))) as { retry_after?: number };
        await sleep(Math.min(10, Math.max(0.05, Number(body.retry_after ?? 1))) * 1000, undefined, { signal: options.signal });
        continue;
      }
      if (response.ok) return (response.status === 204 ? undefined : await response.json()) as T;
      throw await this.failure(response, method, options.subject, auth);
    }
  }

  private async failure(response: Response, method: string, subject = 'the target', bot: boolean): Promise<Error> {
    const body = (await response.json().catch(() => ({}))) as { code?: number; message?: string };
    this.log.warn({ status: response.status, code: body.code, upstream: body.message, method }, 'discord refused a request');
    switch (response.status) {
      case 401:
        return bot
          ? new ConfigError('Discord rejected DISCORD_TOKEN (401); check the bot token.')
          : new ConfigError('Discord rejected DISCORD_WEBHOOK_URL (401); check the webhook URL.');
      case 403:
        return new ForbiddenError(`The bot may not do this in ${subject} (403); give it View Channel, Send Messages and Read Message History there.`);
      case 404:
        return new NotFoundError(`Discord does not know ${subject} (404); check the configured id.`);
      case 429:
        return new UpstreamError('Discord is rate-limiting this bot; try again in a minute.');
      default:
        return new UpstreamError(`Discord answered ${response.status} for ${subject}; try again later.`);
    }
  }
}


export function messageUrl(guildId: string | undefined, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId ?? '@me'}/${channelId}/${messageId}`;
}
