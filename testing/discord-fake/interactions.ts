/**
 * Simulated members clicking buttons and submitting modals: each becomes an INTERACTION_CREATE on the gateway, and
 * the bot's acknowledgement (POST /interactions/:id/:token/callback) is checked as Discord does — once only.
 */
import { randomBytes } from 'node:crypto';
import type { FakeGateway } from './gateway.js';
import type { MessageStore } from './messages.js';
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
}

interface PendingInteraction {
  messageId: string;
  attempts: InteractionCallback[];
  resolve: (callback: InteractionCallback) => void;
}

export class InteractionSimulator {
  /** Every interaction acknowledgement attempt. */
  readonly callbacks: InteractionCallback[] = [];
  private readonly pending = new Map<string, PendingInteraction>();
  private readonly modalsOpened = new Map<string, string>();

  constructor(private readonly options: InteractionSimulatorOptions) {}

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

  /** The callback endpoint: the REST status and body to answer with. */
  acknowledge(interactionId: string, body: unknown): { status: number; payload?: unknown } {
    const input = (body ?? {}) as { type?: number; data?: Record<string, unknown> };
    const callback: InteractionCallback = { interactionId, type: input.type ?? 0, data: input.data };
    this.callbacks.push(callback);
    const pending = this.pending.get(interactionId);
    if (!pending) return { status: 404, payload: { message: 'Unknown interaction', code: 10062 } };
    pending.attempts.push(callback);
    if (pending.attempts.length > 1) {
      callback.rejected = true;
      return { status: 400, payload: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    }
    if (callback.type === 9 && typeof callback.data?.custom_id === 'string') this.modalsOpened.set(callback.data.custom_id, pending.messageId);
    if (callback.type === 7 && callback.data) {
      const message = this.options.store.byId.get(pending.messageId);
      if (message) this.options.store.edit(message, callback.data);
    }
    pending.resolve(callback);
    return { status: 204 };
  }

  /** A modal can only be submitted after a callback opened it; it belongs to the message whose button did. */
  private findModalMessage(customId: string, messageId?: string): FakeMessage {
    const opened = this.modalsOpened.get(customId);
    if (!opened) throw new Error(`discord fake: no modal ${customId} was opened`);
    return this.findMessage(customId, messageId ?? opened);
  }

  private findMessage(customId: string, messageId?: string): FakeMessage {
    const messages = this.options.store.byId;
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
    let resolve!: (callback: InteractionCallback | undefined) => void;
    const acknowledged = new Promise<InteractionCallback | undefined>((r) => {
      resolve = r;
    });
    this.pending.set(interactionId, { attempts, resolve, messageId: message.id });
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
}

function buttonsOf(message: FakeMessage): Array<{ custom_id: string; label?: string }> {
  const rows = message.components as Array<{ components?: Array<{ type: number; custom_id?: string; label?: string }> }>;
  return rows.flatMap((row) => row.components ?? []).filter((c): c is { type: number; custom_id: string; label?: string } => c.type === 2 && !!c.custom_id);
}
