/** The Discord fake's messages: every message by id (bot, webhook and human), created, edited and listed as REST does. */
import { snowflake, type FakeMessage } from './model.js';

export class MessageStore {
  /** Every message, by id, with edits applied. */
  readonly byId = new Map<string, FakeMessage>();

  /** withholdContent: human messages are listed with empty content (a bot without the Message Content intent). */
  constructor(private readonly withholdContent: boolean) {}

  create(channelId: string, author: FakeMessage['author'], body: unknown): FakeMessage {
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
    this.byId.set(message.id, message);
    return message;
  }

  edit(message: FakeMessage, body: unknown): FakeMessage {
    const input = (body ?? {}) as Record<string, unknown>;
    for (const key of ['content', 'embeds', 'components'] as const) {
      if (input[key] !== undefined) message[key] = input[key] as never;
    }
    message.edited_timestamp = new Date().toISOString();
    return message;
  }

  /** GET /channels/:id/messages: newest first, `after` and `limit` (at most 100) as Discord applies them. */
  list(channelId: string, query: Record<string, string>): FakeMessage[] {
    const limit = Math.min(Number(query.limit ?? 50), 100);
    const after = query.after ? BigInt(query.after) : 0n;
    return [...this.byId.values()]
      .filter((m) => m.channel_id === channelId && BigInt(m.id) > after)
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
      .slice(0, limit)
      .map((m) => (this.withholdContent && !m.author.bot ? { ...m, content: '', embeds: [], attachments: [] } : m));
  }
}
