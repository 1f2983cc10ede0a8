/**
 * The Discord fake's HTTP side (`/api/v10/...`): records every request, checks the bot token, and serves the
 * gateway lookup, the bot user, channels and their messages, webhooks, interaction follow-ups and callbacks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InteractionSimulator } from './interactions.js';
import type { MessageStore } from './messages.js';
import { apiUser, type FakeChannel, type FakeUser, type FakeWebhook, type RecordedRequest } from './model.js';

export interface RestOptions {
  token: string;
  bot: FakeUser;
  applicationId: string;
  guildId: string;
  channels: FakeChannel[];
  webhooks: FakeWebhook[];
  /** Every request is appended here. */
  requests: RecordedRequest[];
  store: MessageStore;
  interactions: InteractionSimulator;
  gatewayUrl: () => string;
}

type Reply = (status: number, payload?: unknown) => void;

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The request listener for the fake's HTTP server. */
export function restHandler(options: RestOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { token, bot, applicationId, guildId, channels, webhooks, requests, store, interactions } = options;
  const channelById = (id: string) => channels.find((c) => c.id === id);

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

  function route(r: RecordedRequest, reply: Reply): void {
    const segments = r.path.split('/').filter(Boolean);
    const [head, id, sub, subId] = segments;
    if (head === 'interactions' && sub && subId === 'callback') {
      const { status, payload } = interactions.acknowledge(id ?? '', r.body);
      return reply(status, payload);
    }
    if (head === 'webhooks') return webhookRoute(segments, r, reply);
    if (r.auth !== `Bot ${token}`) return reply(401, { message: '401: Unauthorized', code: 0 });
    if (r.method === 'GET' && r.path === '/gateway/bot') {
      return reply(200, {
        url: options.gatewayUrl(),
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
        if (r.method === 'POST') return reply(200, store.create(id, apiUser({ ...bot, bot: true }), r.body));
        if (r.method === 'GET') return reply(200, store.list(id, r.query));
      }
      if (sub === 'messages' && subId && segments.length === 4) {
        const message = store.byId.get(subId);
        if (!message || message.channel_id !== id) return reply(404, { message: 'Unknown Message', code: 10008 });
        if (r.method === 'PATCH') return reply(200, store.edit(message, r.body));
        if (r.method === 'GET') return reply(200, message);
      }
    }
    reply(404, { message: '404: Not Found', code: 0 });
  }

  function webhookRoute(segments: string[], r: RecordedRequest, reply: Reply): void {
    const [, hookId, hookToken, ...rest] = segments;
    const webhook = webhooks.find((w) => w.id === hookId && w.token === hookToken);
    if (webhook && rest.length === 0) {
      if (r.method === 'GET') return reply(200, { id: webhook.id, type: 1, channel_id: webhook.channelId, guild_id: guildId, name: 'hook' });
      if (r.method === 'POST') {
        const message = store.create(webhook.channelId, apiUser({ id: webhook.id, username: 'hook', bot: true }), r.body);
        message.webhook_id = webhook.id;
        return r.query.wait === 'true' ? reply(200, message) : reply(204);
      }
    }
    // Interaction follow-ups: /webhooks/:applicationId/:interactionToken/messages/@original
    if (hookId === applicationId && rest[0] === 'messages' && rest[1] === '@original') {
      const message = [...store.byId.values()].find((m) => m.interaction_token === hookToken);
      if (!message) return reply(404, { message: 'Unknown Message', code: 10008 });
      if (r.method === 'PATCH') return reply(200, store.edit(message, r.body));
      return reply(200, message);
    }
    reply(404, { message: 'Unknown Webhook', code: 10015 });
  }

  return (req, res) => {
    void readBody(req).then((body) => handle(req, res, body));
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}
