/** The Discord fake's messages: every message by id (bot, webhook and human), created, edited and listed as REST does. */
import { snowflake, type FakeMessage } from './model.js';

/** Message types people write (DEFAULT, REPLY); everything else is a system notice (pins, joins, boosts…) with no text. */
export const PERSON_MESSAGE_TYPES = [0, 19] as const;

export class MessageStore {
  /** Every message, by id, with edits applied. */
  readonly byId = new Map<string, FakeMessage>();
  /** Channels the bot may see but not read the history of (no Read Message History): Discord lists them as empty. */
  readonly withoutHistory = new Set<string>();
  private readonly nonces = new Map<string, string>();

  /** withholdContent: human messages are listed with empty content (a bot without the Message Content intent). */
  constructor(private readonly withholdContent: boolean) {}

  /**
   * Creates a message. With `enforce_nonce` and a nonce this author already used in the channel, Discord returns
   * the message created the first time instead of a duplicate (the `created` flag says which happened).
   */
  create(channelId: string, author: FakeMessage['author'], body: unknown, type = 0): { message: FakeMessage; created: boolean } {
    const input = (body ?? {}) as Record<string, unknown>;
    const nonceKey =
      input.enforce_nonce === true && input.nonce !== undefined ? `${channelId}/${author.id}/${String(input.nonce)}` : undefined;
    const earlier = nonceKey ? this.byId.get(this.nonces.get(nonceKey) ?? '') : undefined;
    if (earlier) return { message: earlier, created: false };
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
      type,
      flags: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
      ...(input.allowed_mentions !== undefined ? { allowed_mentions: input.allowed_mentions } : {}),
    };
    this.byId.set(message.id, message);
    if (nonceKey) this.nonces.set(nonceKey, message.id);
    return { message, created: true };
  }

  edit(message: FakeMessage, body: unknown): FakeMessage {
    const input = (body ?? {}) as Record<string, unknown>;
    for (const key of ['content', 'embeds', 'components'] as const) {
      if (input[key] !== undefined && input[key] !== null) message[key] = input[key] as never;
    }
    message.edited_timestamp = new Date().toISOString();
    return message;
  }

  /**
   * GET /channels/:id/messages as Discord answers it: always newest first; no cursor → the newest `limit`;
   * `before` → the newest `limit` older than it; `after` → the OLDEST `limit` newer than it (so paging forward
   * from a cursor never skips messages). At most 100. Without Read Message History: an empty list, not an error.
   */
  list(channelId: string, query: Record<string, string>): FakeMessage[] {
    if (this.withoutHistory.has(channelId)) return [];
    const limit = Math.min(Number(query.limit ?? 50), 100);
    const newestFirst = (a: FakeMessage, b: FakeMessage) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1);
    let inChannel = [...this.byId.values()].filter((m) => m.channel_id === channelId);
    let page: FakeMessage[];
    if (query.after) {
      const after = BigInt(query.after);
      inChannel = inChannel.filter((m) => BigInt(m.id) > after);
      page = inChannel.sort(newestFirst).slice(-limit);
    } else {
      if (query.before) {
        const before = BigInt(query.before);
        inChannel = inChannel.filter((m) => BigInt(m.id) < before);
      }
      page = inChannel.sort(newestFirst).slice(0, limit);
    }
    return page.map((m) => (this.withholdContent && !m.author.bot ? { ...m, content: '', embeds: [], attachments: [] } : m));
  }
}
