import type { REST } from '@discordjs/rest';
import { ConfigError, UpstreamError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { type ServiceErrors, upstreamStatusError } from '../../shared/upstream-error.js';
import { parseWebhookUrl } from './webhook-url.js';

export interface ApiMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  type?: number;
  content: string;
  author: { id: string; username: string; global_name?: string | null; bot?: boolean };
  embeds?: unknown[];
  attachments?: unknown[];
  timestamp: string;
  webhook_id?: string;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** What the request is about, for the error sentence ("#alerts"). */
  subject?: string;
}

export interface RestTuning {
  /** Per attempt; a timed-out attempt is retried (Discord may have acted on it: bodies carry a nonce). */
  timeoutMs?: number;
  retries?: number;
}

/** A rate limit longer than this is reported to the agent instead of waited out inside one tool call. */
const LONGEST_RATE_LIMIT_WAIT_MS = 10_000;
const EPHEMERAL = 64;
type Route = `/${string}`;

/**
 * Discord's REST API through discord.js's own REST client (@discordjs/rest, loaded on the first call): it keeps
 * Discord's per-route buckets from the X-RateLimit-* headers, waits out 429s and the global limit, retries 5xx
 * and timeouts, and pins API v10 — webhooks included. Every failure becomes a typed error with one sentence;
 * upstream bodies are only logged.
 */
export class DiscordRest {
  private readonly guilds = new Map<string, string>();
  private clients: Promise<{ bot: REST; hook: REST | undefined }> | undefined;

  constructor(
    private readonly apiUrl: string,
    private readonly token: string | undefined,
    private readonly log: Logger,
    private readonly webhookUrl: string | undefined = undefined,
    private readonly tuning: RestTuning = {},
  ) {}

  postMessage(channelId: string, body: unknown, options: RequestOptions = {}): Promise<ApiMessage> {
    return this.bot('post', `/channels/${channelId}/messages`, body, options);
  }

  editMessage(channelId: string, messageId: string, body: unknown, options: RequestOptions = {}): Promise<ApiMessage> {
    return this.bot('patch', `/channels/${channelId}/messages/${messageId}`, body, options);
  }

  listMessages(channelId: string, query: { limit: number; after?: string }, options: RequestOptions = {}): Promise<ApiMessage[]> {
    const search = new URLSearchParams({ limit: String(query.limit), ...(query.after ? { after: query.after } : {}) });
    return this.bot('get', `/channels/${channelId}/messages`, undefined, options, search);
  }

  /** The guild a channel belongs to (for message links), fetched once per channel. */
  async channelGuild(channelId: string, options: RequestOptions = {}): Promise<string> {
    const known = this.guilds.get(channelId);
    if (known) return known;
    const channel = await this.bot<{ guild_id?: string }>('get', `/channels/${channelId}`, undefined, options);
    const guild = channel.guild_id ?? '@me';
    this.guilds.set(channelId, guild);
    return guild;
  }

  /** Executes the configured webhook (its URL is the credential) on API v10 and returns the posted message. */
  async executeWebhook(body: unknown, options: RequestOptions = {}): Promise<ApiMessage> {
    const hook = parseWebhookUrl(this.webhookUrl ?? '');
    if (!hook) throw new ConfigError('Configuration error: DISCORD_WEBHOOK_URL is not set.');
    const route: Route = `/webhooks/${hook.id}/${hook.token}`;
    const subject = { ...options, subject: options.subject ?? 'the webhook' };
    const message = await this.call<ApiMessage>('hook', 'post', route, body, subject, new URLSearchParams({ wait: 'true' }));
    if (!message.guild_id && !this.guilds.has(message.channel_id)) {
      const info = await this.call<{ guild_id?: string }>('hook', 'get', route, undefined, subject);
      this.guilds.set(message.channel_id, info.guild_id ?? '@me');
    }
    return { ...message, guild_id: message.guild_id ?? this.guilds.get(message.channel_id) };
  }

  /** Acknowledges an interaction (POST /interactions/:id/:token/callback; the token authorises, not the bot's). */
  interactionCallback(interactionId: string, interactionToken: string, body: unknown): Promise<void> {
    return this.call(
      'bot',
      'post',
      `/interactions/${interactionId}/${interactionToken}/callback`,
      body,
      { subject: 'the click' },
      undefined,
      false,
    );
  }

  /** An ephemeral follow-up to an acknowledged interaction. */
  async followUpEphemeral(applicationId: string, interactionToken: string, content: string): Promise<void> {
    const body = { content, flags: EPHEMERAL, allowed_mentions: { parse: [] } };
    await this.call('bot', 'post', `/webhooks/${applicationId}/${interactionToken}`, body, { subject: 'the click' }, undefined, false);
  }

  /** Edits the message whose button was clicked, through the interaction (needs no channel permission). */
  async editInteractionMessage(applicationId: string, interactionToken: string, body: unknown): Promise<void> {
    await this.call(
      'bot',
      'patch',
      `/webhooks/${applicationId}/${interactionToken}/messages/@original`,
      body,
      { subject: 'the click' },
      undefined,
      false,
    );
  }

  private bot<T>(
    method: 'get' | 'post' | 'patch',
    route: Route,
    body: unknown,
    options: RequestOptions,
    query?: URLSearchParams,
  ): Promise<T> {
    if (!this.token) throw new ConfigError('Configuration error: DISCORD_TOKEN is not set; this needs the bot.');
    return this.call<T>('bot', method, route, body, options, query);
  }

  private async call<T>(
    client: 'bot' | 'hook',
    method: 'get' | 'post' | 'patch',
    route: Route,
    body: unknown,
    options: RequestOptions,
    query?: URLSearchParams,
    auth = client === 'bot',
  ): Promise<T> {
    const clients = await this.load();
    const rest = client === 'hook' ? clients.hook : clients.bot;
    if (!rest) throw new ConfigError('Configuration error: DISCORD_WEBHOOK_URL is not set.');
    // A 401 makes @discordjs/rest forget the token; set it again so the next call reports the same 401.
    if (auth && this.token) rest.setToken(this.token);
    try {
      return (await rest[method](route, {
        auth,
        ...(body !== undefined ? { body } : {}),
        ...(query ? { query } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      })) as T;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw await this.failure(error, method, options.subject ?? 'the target', client);
    }
  }

  /** Loads the REST client ahead of need: a click must be acknowledged within 3 s, so it may not pay the import. */
  async warm(): Promise<void> {
    await this.load();
  }

  private load(): Promise<{ bot: REST; hook: REST | undefined }> {
    this.clients ??= import('@discordjs/rest').then(({ REST }) => {
      const common = {
        version: '10',
        timeout: this.tuning.timeoutMs ?? 15_000,
        retries: this.tuning.retries ?? 3,
        userAgentAppendix: 'protolabs-mcp',
        rejectOnRateLimit: (limit: { retryAfter: number }) => limit.retryAfter > LONGEST_RATE_LIMIT_WAIT_MS,
      };
      const hook = parseWebhookUrl(this.webhookUrl ?? '');
      return {
        bot: new REST({ ...common, api: this.apiUrl }),
        hook: hook ? new REST({ ...common, api: hook.apiBase }) : undefined,
      };
    });
    return this.clients;
  }

  private async failure(error: unknown, method: string, subject: string, client: 'bot' | 'hook'): Promise<Error> {
    const { DiscordAPIError, HTTPError, RateLimitError } = await import('@discordjs/rest');
    const credential = client === 'bot' ? ('DISCORD_TOKEN' as const) : ('DISCORD_WEBHOOK_URL' as const);
    if (error instanceof RateLimitError) {
      this.log.warn({ method, route: error.route, retryAfter: error.retryAfter, global: error.global }, 'discord rate limit');
      return new UpstreamError(`Discord is rate-limiting this bot for ${Math.ceil(error.retryAfter / 1000)} s; try again after that.`);
    }
    if (error instanceof HTTPError) {
      this.log.warn({ method, status: error.status }, 'discord server error after retries');
      return new UpstreamError(
        `Discord answered ${error.status} for ${subject} on every retry; it is having trouble, try again in a few minutes.`,
      );
    }
    if (error instanceof DiscordAPIError) {
      this.log.warn({ method, status: error.status, code: error.code, upstream: error.message }, 'discord refused a request');
      return upstreamStatusError(discordErrors(credential), { status: error.status, subject, said: `code ${Number(error.code)}` });
    }
    this.log.warn({ err: error, method }, 'discord request failed');
    const address = client === 'bot' ? 'DISCORD_API_URL' : 'DISCORD_WEBHOOK_URL';
    return new UpstreamError(
      `Discord could not be reached at the ${address} address (or did not answer in time); check the network and that variable.`,
    );
  }
}

function discordErrors(credential: 'DISCORD_TOKEN' | 'DISCORD_WEBHOOK_URL'): ServiceErrors {
  return {
    name: 'Discord',
    credential,
    sentences: {
      config: () => `Discord rejected ${credential} (401); check ${credential === 'DISCORD_TOKEN' ? 'the bot token' : 'the webhook URL'}.`,
      forbidden: (r) =>
        `The bot may not do this in ${r.subject} (403, ${r.said}); give it View Channel, Send Messages, Embed Links and Read Message History there.`,
      not_found: (r) => `Discord does not know ${r.subject} (404, ${r.said}); check the configured id.`,
      input: (r) =>
        `Discord refused the request for ${r.subject} as invalid (${r.status}, ${r.said}); retrying the same request will not help.`,
    },
  };
}

export function messageUrl(guildId: string | undefined, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId ?? '@me'}/${channelId}/${messageId}`;
}
