// Starts the Discord fake: one loopback port wiring the message store, the REST handler (rest.ts), the gateway
// (gateway.ts) and the simulated members (interactions.ts).
import { randomBytes } from 'node:crypto';
import { listen, RequestLog } from '../fake-kit/index.js';
import { waitFor } from '../wait-for.js';
import { FakeGateway } from './gateway.js';
import { InteractionSimulator } from './interactions.js';
import { MessageStore } from './messages.js';
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
import { restHandler, type InjectedFault, type RestFaults } from './rest.js';

export type * from './model.js';
export type { InjectedFault } from './rest.js';
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
  /** How long after a click Discord still accepts its acknowledgement (Discord: 3000 ms). */
  interactionDeadlineMs?: number;
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
  /** Adds a system notice (6 pin, 7 member join, 8 boost…): no author text, as Discord lists them. */
  postSystemMessage(channelId: string, type: number): FakeMessage;
  /** The bot loses Read Message History in a channel: Discord then lists its messages as an empty array. */
  hideHistory(channelId: string): void;
  /** Drops every gateway socket (no close frame), as a network failure would; sessions stay resumable. */
  dropGateway(): void;
  /** Sends op 7 RECONNECT on every gateway socket. */
  requestReconnect(): void;
  /** Sends op 9 INVALID_SESSION on every gateway socket. */
  invalidateSessions(resumable: boolean): void;
  /** Closes every gateway socket with a close code (4004: the token was revoked); those sessions end. */
  closeGateway(code: number, reason?: string): void;
  /** From now on IDENTIFY gets no READY (or again READY with `false`): the client waits, as in an outage. */
  withholdReady(withhold?: boolean): void;
  /** Answers the next matching REST request with this fault instead (429 with Discord's headers, or a 5xx). */
  injectFault(fault: InjectedFault): void;
  /** Creates the next channel message at once but answers only after `ms` (a client timeout after Discord created it). */
  delayNextMessage(ms: number): void;
  /** Enforces a per-channel message-create bucket (Discord: 5 per 5 s), with Discord's headers. */
  limitMessages(bucket: RestFaults['messageBucket']): void;
  /** Discord's acknowledgement deadline for interactions (default 3000 ms); settable. */
  interactionDeadlineMs: number;
  /** Forgets recorded requests and queued faults (messages, channels and gateway sessions stay). */
  reset(): void;
  /** Resolves once `predicate` holds (polling), or rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startDiscordFake(options: DiscordFakeOptions = {}): Promise<DiscordFake> {
  const applicationId = snowflake();
  // Shaped like a real bot token: its first part is the bot's id in base64.
  const token =
    options.token ??
    `${Buffer.from(applicationId).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(18).toString('base64url')}`;
  const guildId = options.guildId ?? snowflake();
  const bot: FakeUser = { id: applicationId, username: 'protolabs-bot', bot: true };
  const channels = options.channels ?? [
    { id: snowflake(), name: 'dev' },
    { id: snowflake(), name: 'alerts' },
    { id: snowflake(), name: 'approvals' },
  ];
  const webhooks = options.webhooks ?? [];
  const requests = new RequestLog<RecordedRequest>();
  const store = new MessageStore(options.withholdMessageContent === true);

  const http = await listen((req, res) => handleRest(req, res));
  const port = http.port;
  const gatewayUrl = `ws://127.0.0.1:${port}`;
  const gateway = new FakeGateway(http.server, {
    token,
    bot,
    applicationId,
    guildId,
    channels,
    roles: options.roles ?? [],
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    url: () => gatewayUrl,
  });
  const interactions = new InteractionSimulator({
    store,
    gateway,
    applicationId,
    guildId,
    channels,
    deadlineMs: options.interactionDeadlineMs ?? 3000,
  });
  const faults: RestFaults = { queue: [], delayNextMessageMs: 0 };
  const handleRest = restHandler({
    token,
    bot,
    applicationId,
    guildId,
    channels,
    webhooks,
    requests: requests.all,
    store,
    interactions,
    faults,
    gatewayUrl: () => gatewayUrl,
  });

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl,
    token,
    guildId,
    applicationId,
    bot,
    channels,
    requests: requests.all,
    gatewayConnections: gateway.connections,
    liveGatewaySessions: () => gateway.liveSessions(),
    messages: store.byId,
    interactionCallbacks: interactions.callbacks,
    clickButton: (opts) => interactions.clickButton(opts),
    submitModal: (opts) => interactions.submitModal(opts),
    postHumanMessage: (channelId, author, content) => store.create(channelId, apiUser(author), { content }).message,
    postSystemMessage: (channelId, type) => store.create(channelId, apiUser({ id: snowflake(), username: 'member' }), {}, type).message,
    hideHistory: (channelId) => void store.withoutHistory.add(channelId),
    requestReconnect: () => gateway.requestReconnect(),
    invalidateSessions: (resumable) => gateway.invalidateSessions(resumable),
    closeGateway: (code, reason = 'closed by the fake') => gateway.closeAll(code, reason),
    withholdReady: (withhold = true) => void (gateway.holdReady = withhold),
    injectFault: (fault) => void faults.queue.push(fault),
    delayNextMessage: (ms) => void (faults.delayNextMessageMs = ms),
    limitMessages: (bucket) => void (faults.messageBucket = bucket),
    get interactionDeadlineMs() {
      return interactions.deadlineMs;
    },
    set interactionDeadlineMs(ms: number) {
      interactions.deadlineMs = ms;
    },
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
    waitFor: async (predicate, timeoutMs = 20_000, what = 'condition') => {
      await waitFor(`the discord fake: ${what}`, predicate, timeoutMs);
    },
    reset() {
      requests.reset();
      faults.queue.length = 0;
      faults.delayNextMessageMs = 0;
      delete faults.messageBucket;
    },
    async close() {
      await gateway.close();
      await http.close();
    },
  };
}
