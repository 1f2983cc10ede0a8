/**
 * Simulated members clicking buttons and submitting modals: each becomes an INTERACTION_CREATE on the gateway, and
 * the bot's acknowledgement (POST /interactions/:id/:token/callback) is checked as Discord does: once only, within
 * the deadline, of a type that suits the interaction, with a body that validates against Discord's spec.
 */
import { randomBytes } from 'node:crypto';
import type { FakeGateway } from './gateway.js';
import type { MessageStore } from './messages.js';
import { CALLBACK_KIND, specProblem } from './spec.js';
import {
  apiUser,
  snowflake,
  type ClickOptions,
  type FakeChannel,
  type FakeMessage,
  type InteractionCallback,
  type InteractionOutcome,
  type ModalSubmitOptions,
} from './model.js';

export interface InteractionSimulatorOptions {
  store: MessageStore;
  gateway: FakeGateway;
  applicationId: string;
  guildId: string;
  channels: FakeChannel[];
  /** Discord refuses an acknowledgement this long after the click (3 s); tests may shorten it. */
  deadlineMs: number;
}

interface PendingInteraction {
  type: 3 | 5;
  token: string;
  messageId: string;
  createdAt: number;
  attempts: InteractionCallback[];
  followups: Array<Record<string, unknown>>;
  accepted?: InteractionCallback;
  /** The reply message an acknowledgement of type 4/5 created (what `@original` then means). */
  reply?: Record<string, unknown>;
  resolve: (callback: InteractionCallback | undefined) => void;
}

/** Interaction tokens stay valid for follow-ups this long after the click. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
/** Which acknowledgement types Discord accepts for a button click (3) and a modal submit (5). */
const ALLOWED_CALLBACKS: Record<3 | 5, readonly number[]> = { 3: [4, 5, 6, 7, 9], 5: [4, 5, 6, 7] };

export class InteractionSimulator {
  /** Every interaction acknowledgement attempt. */
  readonly callbacks: InteractionCallback[] = [];
  deadlineMs: number;
  private readonly pending = new Map<string, PendingInteraction>();
  private readonly modalsOpened = new Map<string, string>();

  constructor(private readonly options: InteractionSimulatorOptions) {
    this.deadlineMs = options.deadlineMs;
  }

  async clickButton(opts: ClickOptions): Promise<InteractionOutcome> {
    const customId = this.resolveButton(opts);
    return this.inject(3, { ...opts, customId }, { custom_id: customId, component_type: 2 });
  }

  submitModal(opts: ModalSubmitOptions): Promise<InteractionOutcome> {
    return this.inject(5, opts, {
      custom_id: opts.customId,
      components: Object.entries(opts.fields).map(([customId, value], index) => ({
        type: 18,
        id: index * 2 + 1,
        component: { type: 4, id: index * 2 + 2, custom_id: customId, value },
      })),
    });
  }

  /**
   * The callback endpoint, with Discord's rules: the token must match, the first acknowledgement wins (40060
   * after), none is accepted after the deadline (10062), the type must suit the interaction and the body must
   * validate (50035).
   */
  acknowledge(interactionId: string, token: string, body: unknown): { status: number; payload?: unknown } {
    const input = (body ?? {}) as { type?: number; data?: Record<string, unknown> };
    const callback: InteractionCallback = { interactionId, type: input.type ?? 0, data: input.data };
    this.callbacks.push(callback);
    const pending = this.pending.get(interactionId);
    const refuse = (status: number, code: number, message: string) => {
      callback.rejected = true;
      callback.code = code;
      return { status, payload: { message, code } };
    };
    if (!pending || pending.token !== token) return refuse(404, 10062, 'Unknown interaction');
    pending.attempts.push(callback);
    if (pending.accepted) return refuse(400, 40060, 'Interaction has already been acknowledged.');
    if (Date.now() - pending.createdAt > this.deadlineMs) return refuse(404, 10062, 'Unknown interaction');
    const kind = CALLBACK_KIND[callback.type];
    if (!kind || !ALLOWED_CALLBACKS[pending.type].includes(callback.type)) return refuse(400, 50035, 'Invalid Form Body');
    if (specProblem(kind, body)) return refuse(400, 50035, 'Invalid Form Body');
    pending.accepted = callback;
    if (callback.type === 9 && typeof callback.data?.custom_id === 'string')
      this.modalsOpened.set(callback.data.custom_id, pending.messageId);
    if (callback.type === 7 && callback.data) this.editOriginalMessage(pending, callback.data);
    if (callback.type === 4 || callback.type === 5) pending.reply = { id: snowflake(), ...(callback.data ?? {}) };
    pending.resolve(callback);
    return { status: 204 };
  }

  /** PATCH /webhooks/:app/:token/messages/@original: the clicked message after a 6/7, the reply after a 4/5. */
  editOriginal(token: string, body: Record<string, unknown>): { status: number; payload: unknown } {
    const pending = this.byToken(token);
    if (!pending) return { status: 404, payload: { message: 'Unknown Webhook', code: 10015 } };
    if (pending.reply) {
      Object.assign(pending.reply, body);
      return { status: 200, payload: pending.reply };
    }
    const message = this.editOriginalMessage(pending, body);
    return message ? { status: 200, payload: message } : { status: 404, payload: { message: 'Unknown Message', code: 10008 } };
  }

  /** POST /webhooks/:app/:token: a follow-up message (allowed once the interaction was acknowledged). */
  followUp(token: string, body: Record<string, unknown>): { status: number; payload: unknown } {
    const pending = this.byToken(token);
    if (!pending) return { status: 404, payload: { message: 'Unknown Webhook', code: 10015 } };
    const message = { id: snowflake(), ...body };
    pending.followups.push(message);
    return { status: 200, payload: message };
  }

  private byToken(token: string): PendingInteraction | undefined {
    const pending = [...this.pending.values()].find((p) => p.token === token);
    if (!pending?.accepted || Date.now() - pending.createdAt > TOKEN_LIFETIME_MS) return undefined;
    return pending;
  }

  private editOriginalMessage(pending: PendingInteraction, body: Record<string, unknown>): FakeMessage | undefined {
    const message = this.options.store.byId.get(pending.messageId);
    return message ? this.options.store.edit(message, body) : undefined;
  }

  /** A modal can only be submitted after a callback opened it; it belongs to the message whose button did. */
  private findModalMessage(customId: string, messageId?: string): FakeMessage {
    const opened = this.modalsOpened.get(customId);
    if (!opened) throw new Error(`discord fake: no modal ${customId} was opened`);
    const message = this.options.store.byId.get(messageId ?? opened);
    if (!message) throw new Error(`discord fake: no message ${messageId ?? opened}`);
    return message;
  }

  /** The message showing this button now: a button removed by an edit can no longer be clicked, as in Discord's client. */
  private findMessage(customId: string, messageId?: string): FakeMessage {
    const messages = this.options.store.byId;
    if (messageId) {
      const message = messages.get(messageId);
      if (!message) throw new Error(`discord fake: no message ${messageId}`);
      if (!buttonsOf(message).some((b) => b.custom_id === customId)) {
        throw new Error(`discord fake: message ${messageId} has no button ${customId} (removed buttons cannot be clicked)`);
      }
      return message;
    }
    const match = [...messages.values()].reverse().find((m) => buttonsOf(m).some((b) => b.custom_id === customId));
    if (!match) throw new Error(`discord fake: no message has a component ${customId}`);
    return match;
  }

  /** The custom id to click: given, or that of the newest button with the given label. */
  private resolveButton(opts: ClickOptions): string {
    if (opts.customId) return opts.customId;
    const messages = this.options.store.byId;
    const candidates = opts.messageId ? [messages.get(opts.messageId)] : [...messages.values()].reverse();
    for (const message of candidates) {
      const button = message && buttonsOf(message).find((b) => b.label === opts.label);
      if (button) return button.custom_id;
    }
    throw new Error(`discord fake: no button labelled ${String(opts.label)}`);
  }

  private async inject(type: 3 | 5, opts: ClickOptions & { customId: string }, data: Record<string, unknown>): Promise<InteractionOutcome> {
    const { gateway, applicationId, guildId, channels } = this.options;
    const message = type === 5 ? this.findModalMessage(opts.customId, opts.messageId) : this.findMessage(opts.customId, opts.messageId);
    const interactionId = snowflake();
    const interactionToken = `itok-${randomBytes(12).toString('hex')}`;
    const channel = channels.find((c) => c.id === message.channel_id);
    const attempts: InteractionCallback[] = [];
    const followups: Array<Record<string, unknown>> = [];
    let resolve!: (callback: InteractionCallback | undefined) => void;
    const acknowledged = new Promise<InteractionCallback | undefined>((r) => {
      resolve = r;
    });
    this.pending.set(interactionId, {
      type,
      token: interactionToken,
      messageId: message.id,
      createdAt: Date.now(),
      attempts,
      followups,
      resolve,
    });
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
    const timer = setTimeout(() => resolve(undefined), deliveredTo === 0 ? 0 : (opts.timeoutMs ?? this.deadlineMs + 2000));
    return acknowledged.then((callback) => {
      clearTimeout(timer);
      return { interactionId, deliveredTo, callback, attempts, followups };
    });
  }
}

function buttonsOf(message: FakeMessage): Array<{ custom_id: string; label?: string }> {
  const rows = message.components as Array<{ components?: Array<{ type: number; custom_id?: string; label?: string }> }>;
  return rows
    .flatMap((row) => row.components ?? [])
    .filter((c): c is { type: number; custom_id: string; label?: string } => c.type === 2 && !!c.custom_id);
}
