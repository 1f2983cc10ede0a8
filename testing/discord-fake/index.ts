import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { FakeGateway } from './gateway.js';
import {
  apiUser,
  snowflake,
  type ClickOptions,
  type FakeChannel,
  type FakeMessage,
  type FakeUser,
  type FakeWebhook,
  type GatewayConnection,
  type InteractionCallback,
  type InteractionOutcome,
  type ModalSubmitOptions,
  type RecordedRequest,
} from './model.js';

export type * from './model.js';
export { snowflake } from './model.js';

/**
 * A loopback Discord: REST (`/api/v10/...`) and the gateway WebSocket on one 127.0.0.1 port, driven by the real
 * discord.js in tests and by `protolabs-mcp demo`. Plain runtime code: Node built-ins and `ws` only.
 */
export interface DiscordFakeOptions {
  /** The bot token the fake accepts (REST `Authorization: Bot <token>` and gateway IDENTIFY). */
  token?: string;
  guildId?: string;
  channels?: FakeChannel[];
  /** Role ids that exist in the guild (sent in GUILD_CREATE). */
  roles?: string[];
  webhooks?: FakeWebhook[];
  heartbeatIntervalMs?: number;
  /** Simulates a bot without the Message Content intent: human messages are read back with empty content. */
  withholdMessageContent?: boolean;
}

export interface DiscordFake {
  /** What DISCORD_API_URL is set to: `http://127.0.0.1:<port>/api`. */
  apiUrl: string;
  gatewayUrl: string;
  token: string;
  guildId: string;
  applicationId: string;
  bot: FakeUser;
  channels: FakeChannel[];
  /** Every REST request received, in order. */
  requests: RecordedRequest[];
  /** Every gateway connection ever opened. */
  gatewayConnections: GatewayConnection[];
  /** Identified gateway sessions that are open now. */
  liveGatewaySessions(): number;
  /** Every message, by id (bot, webhook and injected human messages), with edits applied. */
  messages: Map<string, FakeMessage>;
  /** Every interaction acknowledgement attempt. */
  interactionCallbacks: InteractionCallback[];
  /** Simulates a member clicking a button; resolves with the acknowledgement (or none after the timeout). */
  clickButton(options: ClickOptions): Promise<InteractionOutcome>;
  /** Simulates a member submitting a modal opened from a message's button. */
  submitModal(options: ModalSubmitOptions): Promise<InteractionOutcome>;
  /** Adds a message written by a person. */
  postHumanMessage(channelId: string, author: FakeUser, content: string): FakeMessage;
  /**
   * The environment a discord server needs to use this fake in bot mode (channels dev/alerts/approvals are the
   * first three channels; `approvers` are user ids or `role:<id>`). Add PROTOLABS_STATE_DIR yourself.
   */
  serverEnv(approvers: string[]): Record<string, string>;
  /** Drops every gateway socket (no close frame), as a network failure would. */
  dropGateway(): void;
  /** Resolves once `predicate` holds (polling), or rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

interface PendingInteraction {
  messageId: string;
  attempts: InteractionCallback[];
  resolve: (callback: InteractionCallback) => void;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export async function startDiscordFake(options: DiscordFakeOptions = {}): Promise<DiscordFake> {
  const token = options.token ?? `fake.${randomBytes(18).toString('base64url')}`;
  const guildId = options.guildId ?? snowflake();
  const applicationId = snowflake();
  const bot: FakeUser = { id: applicationId, username: 'protolabs-bot', bot: true };
  const channels = options.channels ?? [
    { id: snowflake(), name: 'dev' },
    { id: snowflake(), name: 'alerts' },
    { id: snowflake(), name: 'approvals' },
  ];
  const webhooks = options.webhooks ?? [];
  const requests: RecordedRequest[] = [];
  const messages = new Map<string, FakeMessage>();
  const interactionCallbacks: InteractionCallback[] = [];
  const interactions = new Map<string, PendingInteraction>();
  const modalsOpened = new Map<string, string>();
  const channelById = (id: string) => channels.find((c) => c.id === id);

  const server = createServer((req, res) => {
    void readBody(req).then((body) => handle(req, res, body));
  });
  let gatewayUrl = '';
  const gateway = new FakeGateway(server, {
    token,
    bot,
    applicationId,
    guildId,
    channels,
    roles: options.roles ?? [],
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    url: () => gatewayUrl,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  gatewayUrl = `ws://127.0.0.1:${port}`;

  function handle(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/api(\/v\d+)?/, '');
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = rawBody;
    }
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      auth: req.headers.authorization ?? null,
      body,
      status: 0,
    };
    requests.push(record);
    const reply = (status: number, payload?: unknown): void => {
      record.status = status;
      if (payload === undefined) {
        // 204 with no content-type: a JSON content-type on an empty body crashes discord.js's REST client.
        res.writeHead(status).end();
        return;
      }
      res.writeHead(status, JSON_HEADERS).end(JSON.stringify(payload));
    };
    route(record, reply);
  }

  function route(r: RecordedRequest, reply: (status: number, payload?: unknown) => void): void {
    const segments = r.path.split('/').filter(Boolean);
    const [head, id, sub, subId] = segments;
    if (head === 'interactions' && sub && subId === 'callback') return interactionCallback(id ?? '', r.body, reply);
    if (head === 'webhooks') return webhookRoute(segments, r, reply);
    if (r.auth !== `Bot ${token}`) return reply(401, { message: '401: Unauthorized', code: 0 });
    if (r.method === 'GET' && r.path === '/gateway/bot') {
      return reply(200, {
        url: gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      });
    }
    if (r.method === 'GET' && r.path === '/users/@me') return reply(200, { ...apiUser(bot), bot: true });
    if (head === 'channels' && id) {
      const channel = channelById(id);
      if (!channel) return reply(404, { message: 'Unknown Channel', code: 10003 });
      if (r.method === 'GET' && segments.length === 2) return reply(200, { id, type: 0, name: channel.name, guild_id: guildId });
      if (sub === 'messages' && segments.length === 3) {
        if (r.method === 'POST') return reply(200, createMessage(id, apiUser({ ...bot, bot: true }), r.body));
        if (r.method === 'GET') return reply(200, listMessages(id, r.query));
      }
      if (sub === 'messages' && subId && segments.length === 4) {
        const message = messages.get(subId);
        if (!message || message.channel_id !== id) return reply(404, { message: 'Unknown Message', code: 10008 });
        if (r.method === 'PATCH') return reply(200, editMessage(message, r.body));
        if (r.method === 'GET') return reply(200, message);
      }
    }
    reply(404, { message: '404: Not Found', code: 0 });
  }

  function webhookRoute(segments: string[], r: RecordedRequest, reply: (status: number, payload?: unknown) => void): void {
    const [, hookId, hookToken, ...rest] = segments;
    const webhook = webhooks.find((w) => w.id === hookId && w.token === hookToken);
    if (webhook && rest.length === 0) {
      if (r.method === 'GET') return reply(200, { id: webhook.id, type: 1, channel_id: webhook.channelId, guild_id: guildId, name: 'hook' });
      if (r.method === 'POST') {
        const message = createMessage(webhook.channelId, apiUser({ id: webhook.id, username: 'hook', bot: true }), r.body);
        message.webhook_id = webhook.id;
        return r.query.wait === 'true' ? reply(200, message) : reply(204);
      }
    }
    // Interaction follow-ups: /webhooks/:applicationId/:interactionToken/messages/@original
    if (hookId === applicationId && rest[0] === 'messages' && rest[1] === '@original') {
      const message = [...messages.values()].find((m) => m.interaction_token === hookToken);
      if (!message) return reply(404, { message: 'Unknown Message', code: 10008 });
      if (r.method === 'PATCH') return reply(200, editMessage(message, r.body));
      return reply(200, message);
    }
    reply(404, { message: 'Unknown Webhook', code: 10015 });
  }

  function createMessage(channelId: string, author: FakeMessage['author'], body: unknown): FakeMessage {
    const input = (body ?? {}) as Record<string, unknown>;
    const message: FakeMessage = {
      id: snowflake(),
      channel_id: channelId,
      author,
      content: typeof input.content === 'string' ? input.content : '',
      embeds: Array.isArray(input.embeds) ? input.embeds : [],
      components: Array.isArray(input.components) ? input.components : [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      type: 0,
      flags: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      ...(input.allowed_mentions !== undefined ? { allowed_mentions: input.allowed_mentions } : {}),
    };
    messages.set(message.id, message);
    return message;
  }

  function editMessage(message: FakeMessage, body: unknown): FakeMessage {
    const input = (body ?? {}) as Record<string, unknown>;
    for (const key of ['content', 'embeds', 'components'] as const) {
      if (input[key] !== undefined) message[key] = input[key] as never;
    }
    message.edited_timestamp = new Date().toISOString();
    return message;
  }

  function listMessages(channelId: string, query: Record<string, string>): FakeMessage[] {
    const limit = Math.min(Number(query.limit ?? 50), 100);
    const after = query.after ? BigInt(query.after) : 0n;
    return [...messages.values()]
      .filter((m) => m.channel_id === channelId && BigInt(m.id) > after)
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
      .slice(0, limit)
      .map((m) => (options.withholdMessageContent && !m.author.bot ? { ...m, content: '', embeds: [], attachments: [] } : m));
  }

  function interactionCallback(interactionId: string, body: unknown, reply: (status: number, payload?: unknown) => void): void {
    const input = (body ?? {}) as { type?: number; data?: Record<string, unknown> };
    const callback: InteractionCallback = { interactionId, type: input.type ?? 0, data: input.data };
    interactionCallbacks.push(callback);
    const pending = interactions.get(interactionId);
    if (!pending) return reply(404, { message: 'Unknown interaction', code: 10062 });
    pending.attempts.push(callback);
    if (pending.attempts.length > 1) {
      callback.rejected = true;
      return reply(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    }
    if (callback.type === 9 && typeof callback.data?.custom_id === 'string') modalsOpened.set(callback.data.custom_id, pending.messageId);
    if (callback.type === 7 && callback.data) {
      const message = messages.get(pending.messageId);
      if (message) editMessage(message, callback.data);
    }
    pending.resolve(callback);
    reply(204);
  }

  /** A modal can only be submitted after a callback opened it; it belongs to the message whose button did. */
  function findModalMessage(customId: string, messageId?: string): FakeMessage {
    const opened = modalsOpened.get(customId);
    if (!opened) throw new Error(`discord fake: no modal ${customId} was opened`);
    return findMessage(customId, messageId ?? opened);
  }

  function findMessage(customId: string, messageId?: string): FakeMessage {
    if (messageId) {
      const message = messages.get(messageId);
      if (!message) throw new Error(`discord fake: no message ${messageId}`);
      return message;
    }
    const match = [...messages.values()].reverse().find((m) => buttonsOf(m).some((b) => b.custom_id === customId));
    if (!match) throw new Error(`discord fake: no message has a component ${customId}`);
    return match;
  }

  /** The custom id to click: given, or that of the newest button with the given label. */
  function resolveButton(opts: ClickOptions): string {
    if (opts.customId) return opts.customId;
    const candidates = opts.messageId ? [messages.get(opts.messageId)] : [...messages.values()].reverse();
    for (const message of candidates) {
      const button = message && buttonsOf(message).find((b) => b.label === opts.label);
      if (button) return button.custom_id;
    }
    throw new Error(`discord fake: no button labelled ${String(opts.label)}`);
  }

  async function inject(type: 3 | 5, opts: ClickOptions & { customId: string }, data: Record<string, unknown>): Promise<InteractionOutcome> {
    const message = type === 5 ? findModalMessage(opts.customId, opts.messageId) : findMessage(opts.customId, opts.messageId);
    const interactionId = snowflake();
    const interactionToken = `itok-${randomBytes(12).toString('hex')}`;
    const channel = channelById(message.channel_id);
    const attempts: InteractionCallback[] = [];
    let resolve!: (callback: InteractionCallback | undefined) => void;
    const acknowledged = new Promise<InteractionCallback | undefined>((r) => {
      resolve = r;
    });
    interactions.set(interactionId, { attempts, resolve, messageId: message.id });
    const deliveredTo = gateway.dispatch('INTERACTION_CREATE', {
      id: interactionId,
      application_id: applicationId,
      type,
      token: interactionToken,
      version: 1,
      data,
      guild_id: guildId,
      channel_id: message.channel_id,
      channel: { id: message.channel_id, type: 0, guild_id: guildId, name: channel?.name ?? 'channel' },
      member: {
        user: apiUser(opts.user),
        roles: opts.roles ?? [],
        permissions: '0',
        joined_at: new Date(0).toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
        nick: null,
      },
      message,
      app_permissions: '0',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
    });
    const timer = setTimeout(() => resolve(undefined), deliveredTo === 0 ? 0 : (opts.timeoutMs ?? 5000));
    return acknowledged.then((callback) => {
      clearTimeout(timer);
      return { interactionId, deliveredTo, callback, attempts };
    });
  }

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl,
    token,
    guildId,
    applicationId,
    bot,
    channels,
    requests,
    gatewayConnections: gateway.connections,
    liveGatewaySessions: () => gateway.liveSessions(),
    messages,
    interactionCallbacks,
    clickButton: async (opts) => {
      const customId = resolveButton(opts);
      return inject(3, { ...opts, customId }, { custom_id: customId, component_type: 2 });
    },
    submitModal: (opts) =>
      inject(5, opts, {
        custom_id: opts.customId,
        components: Object.entries(opts.fields).map(([customId, value], index) => ({
          type: 18,
          id: index * 2 + 1,
          component: { type: 4, id: index * 2 + 2, custom_id: customId, value },
        })),
      }),
    postHumanMessage: (channelId, author, content) => createMessage(channelId, apiUser(author), { content }),
    serverEnv: (approvers) => {
      const [dev, alerts, approvals] = channels;
      return {
        DISCORD_TOKEN: token,
        DISCORD_API_URL: `http://127.0.0.1:${port}/api`,
        ...(dev ? { DISCORD_CHANNEL_DEV: dev.id } : {}),
        ...(alerts ? { DISCORD_CHANNEL_ALERTS: alerts.id } : {}),
        ...(approvals ? { DISCORD_CHANNEL_APPROVALS: approvals.id } : {}),
        DISCORD_APPROVERS: approvers.join(','),
      };
    },
    dropGateway: () => gateway.dropAll(),
    waitFor,
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function buttonsOf(message: FakeMessage): Array<{ custom_id: string; label?: string }> {
  const rows = message.components as Array<{ components?: Array<{ type: number; custom_id?: string; label?: string }> }>;
  return rows.flatMap((row) => row.components ?? []).filter((c): c is { type: number; custom_id: string; label?: string } => c.type === 2 && !!c.custom_id);
}

async function waitFor(predicate: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`discord fake: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}
