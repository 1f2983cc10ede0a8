import * as z from 'zod';
import { defineTool, WRITE } from '../../../shared/define-tool.js';
import { randomBytes } from 'node:crypto';
import { requireChannel, requireConfig, type DiscordDeps } from '../deps.js';
import { LEVEL_COLOR, LIMITS, mentionsIn, NO_MENTIONS, truncate } from '../format.js';
import { messageUrl } from '../rest.js';

/** #approvals is not a target: a notification there could pass for an approval request or a decision. */
const NOTIFY_CHANNELS = ['dev', 'alerts'] as const;

const input = z
  .object({
    channel: z.enum(NOTIFY_CHANNELS).describe('Target channel'),
    text: z.string().min(1).max(100_000).describe('Message text (markdown; truncated to fit)'),
    title: z.string().max(1000).optional().describe('Headline'),
    level: z.enum(['info', 'success', 'warning', 'error']).optional().describe('Colour; default info'),
    feature: z.string().max(200).optional().describe('Feature id it concerns'),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional()
      .describe('Link (PR, run, …)'),
    mentions: z.boolean().optional().describe('Let <@user>/<@&role> mentions in text ping; default no pings'),
  })
  .strict();

export const notify = defineTool<typeof input, DiscordDeps>({
  name: 'notify',
  title: 'Post a notification',
  description: 'Post a status message to #dev or #alerts over REST; returns its link. Pings nobody unless mentions is true.',
  input,
  hints: { ...WRITE, openWorldHint: true },
  tier: 'basic',
  async handler(args, { deps, signal }) {
    const { config, rest } = requireConfig(deps);
    const link = args.url && !args.title ? `\n${args.url}` : '';
    const embed = {
      ...(args.title ? { title: truncate(args.title, LIMITS.title) } : {}),
      ...(args.url && args.title ? { url: args.url } : {}),
      description: truncate(args.text, LIMITS.description - link.length) + link,
      color: LEVEL_COLOR[args.level ?? 'info'],
      footer: { text: truncate(`from ${deps.requester.instance}${args.feature ? ` · feature ${args.feature}` : ''}`, LIMITS.footer) },
    };
    const pings = args.mentions ? mentionsIn(args.text).join(' ') : '';
    const body = {
      embeds: [embed],
      ...(pings ? { content: truncate(pings, LIMITS.content) } : {}),
      allowed_mentions: args.mentions ? { parse: ['users', 'roles'] } : NO_MENTIONS,
    };
    const truncated = args.text.length + link.length > LIMITS.description || (args.title?.length ?? 0) > LIMITS.title;
    const message =
      config.mode === 'webhook' && config.webhookUrl
        ? await rest.executeWebhook(body, { signal })
        : await postToChannel(deps, args.channel, body, signal);
    const url = messageUrl(message.guild_id, message.channel_id, message.id);
    return {
      data: {
        channel: args.channel,
        messageId: message.id,
        url,
        ...(config.mode === 'webhook' ? { via: 'webhook' } : {}),
        ...(truncated ? { truncated: true } : {}),
      },
      text: `Posted to #${args.channel}${config.mode === 'webhook' ? ' (webhook)' : ''}${truncated ? ', truncated to fit' : ''}: ${url}`,
    };
  },
});

async function postToChannel(deps: DiscordDeps, channel: (typeof NOTIFY_CHANNELS)[number], body: unknown, signal: AbortSignal) {
  const { config, rest } = requireConfig(deps);
  const channelId = requireChannel(config, channel);
  const subject = `#${channel}`;
  // A retried post (after a timeout) returns the message Discord already created instead of a second one.
  const once = { ...(body as object), nonce: randomBytes(9).toString('base64url'), enforce_nonce: true };
  const message = await rest.postMessage(channelId, once, { signal, subject });
  return { ...message, guild_id: message.guild_id ?? (await rest.channelGuild(channelId, { signal, subject })) };
}
