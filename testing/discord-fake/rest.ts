/**
 * The Discord fake's HTTP side (`/api/v10/...`): records every request, checks the bot token and every body
 * against Discord's spec, answers injected faults (429 with Discord's headers, 5xx, a slow answer), and serves the
 * gateway lookup, the bot user, channels and their messages, webhooks, interaction follow-ups and callbacks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InteractionSimulator } from './interactions.js';
import type { MessageStore } from './messages.js';
import { apiUser, type FakeChannel, type FakeUser, type FakeWebhook, type RecordedRequest } from './model.js';
import { readBody, recordBase } from '../fake-kit/index.js';
import { specProblem, type BodyKind } from './spec.js';

/** A fault the next matching request gets instead of its answer (tests queue them through the fake). */
export interface InjectedFault {
  status: 400 | 403 | 429 | 500 | 502 | 503 | 504;
  /** For 429: seconds until the limit resets (Discord sends a float; default 0.5). */
  retryAfterSeconds?: number;
  /** For 429: a global limit (all routes) rather than a per-route bucket. */
  global?: boolean;
  /** Only requests whose path matches (default: any). */
  path?: RegExp;
}

export interface RestFaults {
  queue: InjectedFault[];
  /** The next channel-message POST is processed at once but answered this late (a client timing out after Discord created the message). */
  delayNextMessageMs: number;
  /** Enforce Discord's per-channel message-create bucket (5 per 5 s in Discord); off unless set. */
  messageBucket?: { limit: number; windowMs: number };
}

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
  faults: RestFaults;
  gatewayUrl: () => string;
}

type Reply = (status: number, payload?: unknown, headers?: Record<string, string>) => void;

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The request listener for the fake's HTTP server. */
export function restHandler(options: RestOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { token, bot, applicationId, guildId, channels, webhooks, requests, store, interactions, faults } = options;
  const channelById = (id: string) => channels.find((c) => c.id === id);
  const buckets = new Map<string, { used: number; resetAt: number }>();

  function handle(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const version = /^\/api\/v(\d+)/.exec(url.pathname)?.[1];
    const path = url.pathname.replace(/^\/api(\/v\d+)?/, '');
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = rawBody;
    }
    const record: RecordedRequest = {
      ...recordBase(req, path),
      authorized: req.headers.authorization === `Bot ${token}`,
      version: version ? Number(version) : null,
      query: Object.fromEntries(url.searchParams),
      body,
      status: 0,
    };
    requests.push(record);
    let delayMs = 0;
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      const send = () => {
        if (res.destroyed) return;
        // 204 with no content-type: a JSON content-type on an empty body crashes discord.js's REST client.
        if (payload === undefined) res.writeHead(status, headers).end();
        else res.writeHead(status, { ...JSON_HEADERS, ...headers }).end(JSON.stringify(payload));
      };
      if (delayMs > 0) setTimeout(send, delayMs).unref();
      else send();
    };
    const fault = takeFault(record);
    if (fault) return replyFault(fault, record, reply);
    if (record.method === 'POST' && /^\/channels\/\d+\/messages$/.test(path) && faults.delayNextMessageMs > 0) {
      delayMs = faults.delayNextMessageMs;
      faults.delayNextMessageMs = 0;
    }
    route(record, reply);
  }

  function takeFault(r: RecordedRequest): InjectedFault | undefined {
    const index = faults.queue.findIndex((f) => !f.path || f.path.test(r.path));
    return index === -1 ? undefined : faults.queue.splice(index, 1)[0];
  }

  /** A 429 as Discord sends it: Retry-After in whole seconds, the scope, and retry_after in the body (ms before v8). */
  function replyFault(fault: InjectedFault, r: RecordedRequest, reply: Reply): void {
    if (fault.status === 400) return reply(400, { message: 'Invalid Form Body', code: 50035 });
    if (fault.status === 403) return reply(403, { message: 'Missing Permissions', code: 50013 });
    if (fault.status !== 429) return reply(fault.status, { message: 'Service Unavailable', code: 0 });
    const seconds = fault.retryAfterSeconds ?? 0.5;
    const legacy = r.version === null || r.version < 8;
    reply(
      429,
      { message: 'You are being rate limited.', retry_after: legacy ? Math.ceil(seconds * 1000) : seconds, global: fault.global === true },
      {
        'retry-after': String(Math.ceil(seconds)),
        'x-ratelimit-scope': fault.global ? 'global' : 'user',
        ...(fault.global
          ? { 'x-ratelimit-global': 'true' }
          : {
              'x-ratelimit-limit': '5',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset-after': String(seconds),
              'x-ratelimit-reset': String(Date.now() / 1000 + seconds),
              'x-ratelimit-bucket': 'fake-bucket',
            }),
      },
    );
  }

  /** Discord's per-channel message bucket: headers on every answer, a 429 when it is used up before its reset. */
  function messageBucket(channelId: string): { headers: Record<string, string>; limited?: number } {
    const config = faults.messageBucket;
    if (!config) return { headers: {} };
    const now = Date.now();
    let bucket = buckets.get(channelId);
    if (!bucket || now >= bucket.resetAt) {
      bucket = { used: 0, resetAt: now + config.windowMs };
      buckets.set(channelId, bucket);
    }
    const resetAfter = (bucket.resetAt - now) / 1000;
    const headers = {
      'x-ratelimit-limit': String(config.limit),
      'x-ratelimit-remaining': String(Math.max(0, config.limit - bucket.used - 1)),
      'x-ratelimit-reset': String(bucket.resetAt / 1000),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': `messages-${channelId}`,
    };
    if (bucket.used >= config.limit)
      return {
        headers: { ...headers, 'x-ratelimit-remaining': '0', 'retry-after': String(Math.ceil(resetAfter)), 'x-ratelimit-scope': 'user' },
        limited: resetAfter,
      };
    bucket.used += 1;
    return { headers };
  }

  /** 50035 as Discord answers a body its spec refuses. */
  function invalid(kind: BodyKind, r: RecordedRequest, reply: Reply): boolean {
    const problem = specProblem(kind, r.body);
    if (!problem) return false;
    reply(400, { message: 'Invalid Form Body', code: 50035, errors: { problem } });
    return true;
  }

  function route(r: RecordedRequest, reply: Reply): void {
    const segments = r.path.split('/').filter(Boolean);
    const [head, id, sub, subId] = segments;
    if (head === 'interactions' && sub && subId === 'callback' && r.method === 'POST') {
      const { status, payload } = interactions.acknowledge(id ?? '', sub, r.body);
      return reply(status, payload);
    }
    if (head === 'webhooks') return webhookRoute(segments, r, reply);
    if (!r.authorized) return reply(401, { message: '401: Unauthorized', code: 0 });
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
        if (r.method === 'POST') {
          if (invalid('message-create', r, reply)) return;
          const bucket = messageBucket(id);
          if (bucket.limited !== undefined) {
            return reply(429, { message: 'You are being rate limited.', retry_after: bucket.limited, global: false }, bucket.headers);
          }
          return reply(200, store.create(id, apiUser({ ...bot, bot: true }), r.body).message, bucket.headers);
        }
        if (r.method === 'GET') {
          const limit = Number(r.query.limit ?? 50);
          if (!Number.isInteger(limit) || limit < 1 || limit > 100) return reply(400, { message: 'Invalid Form Body', code: 50035 });
          return reply(200, store.list(id, r.query));
        }
      }
      if (sub === 'messages' && subId && segments.length === 4) {
        const message = store.byId.get(subId);
        if (!message || message.channel_id !== id) return reply(404, { message: 'Unknown Message', code: 10008 });
        if (r.method === 'PATCH') {
          if (invalid('message-edit', r, reply)) return;
          return reply(200, store.edit(message, r.body));
        }
        if (r.method === 'GET') return reply(200, message);
      }
    }
    reply(404, { message: '404: Not Found', code: 0 });
  }

  function webhookRoute(segments: string[], r: RecordedRequest, reply: Reply): void {
    const [, hookId, hookToken, ...rest] = segments;
    const webhook = webhooks.find((w) => w.id === hookId && w.token === hookToken);
    if (webhook && rest.length === 0) {
      if (r.method === 'GET')
        return reply(200, { id: webhook.id, type: 1, channel_id: webhook.channelId, guild_id: guildId, name: 'hook' });
      if (r.method === 'POST') {
        if (invalid('webhook-execute', r, reply)) return;
        const { message } = store.create(webhook.channelId, apiUser({ id: webhook.id, username: 'hook', bot: true }), r.body);
        message.webhook_id = webhook.id;
        return r.query.wait === 'true' ? reply(200, message) : reply(204);
      }
    }
    // Interaction responses: /webhooks/:applicationId/:interactionToken[/messages/@original]
    if (hookId === applicationId && hookToken) {
      if (r.method === 'POST' && rest.length === 0) {
        if (invalid('interaction-followup', r, reply)) return;
        const { status, payload } = interactions.followUp(hookToken, (r.body ?? {}) as Record<string, unknown>);
        return reply(status, payload);
      }
      if (r.method === 'PATCH' && rest[0] === 'messages' && rest[1] === '@original') {
        if (invalid('webhook-edit', r, reply)) return;
        const { status, payload } = interactions.editOriginal(hookToken, (r.body ?? {}) as Record<string, unknown>);
        return reply(status, payload);
      }
    }
    reply(404, { message: 'Unknown Webhook', code: 10015 });
  }

  return (req, res) => {
    void readBody(req).then(
      (body) => handle(req, res, body),
      () => res.destroy(),
    );
  };
}
