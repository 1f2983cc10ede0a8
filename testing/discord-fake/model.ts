/** Plain data shapes of the Discord fake: what it stores and what a test reads back. */

import type { RecordedBase } from '../fake-kit/index.js';
export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

export interface FakeChannel {
  id: string;
  name: string;
}

export interface FakeWebhook {
  id: string;
  token: string;
  channelId: string;
}

export interface RecordedRequest extends RecordedBase {
  /** Path without the `/api/v10` prefix, e.g. `/channels/1/messages`. */
  path: string;
  /** The API version in the URL (`/api/v10/...` → 10), or null when the URL had none (Discord then serves v6). */
  version: number | null;
  /** Whether the request carried the bot's token (`Authorization: Bot <token>`). */
  authorized: boolean;
  query: Record<string, string>;
  body: unknown;
  status: number;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  author: FakeUser & { discriminator: string; avatar: null; global_name: string | null };
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: unknown[];
  timestamp: string;
  edited_timestamp: string | null;
  webhook_id?: string;
  allowed_mentions?: unknown;
  [key: string]: unknown;
}

/** One acknowledgement of an interaction (POST /interactions/:id/:token/callback). */
export interface InteractionCallback {
  interactionId: string;
  /** 4 reply, 6 deferred update, 7 update message, 9 modal. */
  type: number;
  data: Record<string, unknown> | undefined;
  /** Set when this acknowledgement was refused: already acknowledged (40060), too late (10062) or invalid (50035). */
  rejected?: boolean;
  /** Discord's error code for a refused acknowledgement. */
  code?: number;
}

export interface InteractionOutcome {
  interactionId: string;
  /** How many gateway sessions the interaction was delivered to (0: nobody was connected; the click is lost). */
  deliveredTo: number;
  /** The accepted acknowledgement, or undefined when none arrived in time. */
  callback: InteractionCallback | undefined;
  /** Every acknowledgement attempt, including refused duplicates and late ones. */
  attempts: InteractionCallback[];
  /** Follow-up messages sent with the interaction's token (ephemeral replies after a deferral), filled as they arrive. */
  followups: Array<Record<string, unknown>>;
}

export interface GatewayConnection {
  id: number;
  open: boolean;
  identified: boolean;
  intents: number | null;
  resumed: number;
  heartbeats: number;
}

export interface ClickOptions {
  /** The message carrying the button (defaults to the newest message that has a button with this custom id). */
  messageId?: string;
  /** The button's custom id; or give `label` (e.g. "Approve") to click the newest button so labelled. */
  customId?: string;
  label?: string;
  user: FakeUser;
  /** Role ids the clicking member holds. */
  roles?: string[];
  /** How long to wait for an accepted acknowledgement (default: the interaction deadline plus 2 s). */
  timeoutMs?: number;
}

export interface ModalSubmitOptions extends Omit<ClickOptions, 'customId' | 'label'> {
  /** The modal's custom id (from the type 9 callback that opened it). */
  customId: string;
  /** Text input values by custom id. */
  fields: Record<string, string>;
}

let counter = 0n;
const EPOCH = 1_420_070_400_000n;

/** A fresh snowflake (timestamp-based, so discord.js derives sensible creation times). */
export function snowflake(): string {
  counter += 1n;
  return (((BigInt(Date.now()) - EPOCH) << 22n) + (counter & 0x3fffffn)).toString();
}

export function apiUser(user: FakeUser): FakeMessage['author'] {
  return { id: user.id, username: user.username, discriminator: '0', avatar: null, global_name: null, ...(user.bot ? { bot: true } : {}) };
}
