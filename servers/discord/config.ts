import * as z from 'zod';
import { envValue, parseEnv, unsetReason, type Env } from '../../shared/env.js';
import { ConfigError } from '../../shared/errors.js';
import { stateDir } from '../../shared/state-dir.js';
import { botKey } from './identity.js';
import { parseWebhookUrl } from './webhook-url.js';

const discordId = z.string().regex(/^\d{15,22}$/, { message: 'must be a Discord id (15–22 digits)' });

const shape = {
  DISCORD_TOKEN: z
    .string()
    .regex(/^[\w.-]{20,}$/, { message: 'must be a bot token' })
    .optional(),
  DISCORD_CHANNEL_DEV: discordId.optional(),
  DISCORD_CHANNEL_ALERTS: discordId.optional(),
  DISCORD_CHANNEL_APPROVALS: discordId.optional(),
  DISCORD_APPROVERS: z
    .string()
    .regex(/^\s*(role:)?\d{15,22}\s*(,\s*(role:)?\d{15,22}\s*)*$/, { message: 'must be comma-separated user ids and/or role:<id>' })
    .optional(),
  DISCORD_API_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'must be an http(s) URL' })
    .default('https://discord.com/api')
    .transform((url) => url.replace(/\/+$/, '')),
  DISCORD_WEBHOOK_URL: z
    .string()
    .refine((url) => parseWebhookUrl(url) !== undefined, { message: 'must be a Discord webhook URL' })
    .optional(),
};

export type Channel = 'dev' | 'alerts' | 'approvals';
export const CHANNELS = ['dev', 'alerts', 'approvals'] as const;
export const CHANNEL_VARIABLE: Record<Channel, string> = {
  dev: 'DISCORD_CHANNEL_DEV',
  alerts: 'DISCORD_CHANNEL_ALERTS',
  approvals: 'DISCORD_CHANNEL_APPROVALS',
};

export interface Approvers {
  users: ReadonlySet<string>;
  roles: ReadonlySet<string>;
}

export interface DiscordConfig {
  /** `bot`: DISCORD_TOKEN (REST + gateway); `webhook`: DISCORD_WEBHOOK_URL alone (notify only). */
  mode: 'bot' | 'webhook';
  token?: string;
  /** The bot's application id (from its token): gateway, lock and approvals are kept per bot. */
  botId?: string;
  apiUrl: string;
  channels: Partial<Record<Channel, string>>;
  approvers?: Approvers;
  webhookUrl?: string;
}

export interface LoadedConfig {
  /** The parsed configuration, or the error every tool call that needs it returns. */
  config: DiscordConfig | ConfigError;
  /** The user's state directory; approvals, the instance id and the gateway lock live in a folder per bot below it. */
  stateDir: string;
  /** Literal secret values to scrub from logs and results, even when parsing failed. */
  secrets: string[];
}

export function loadConfig(env: Env): LoadedConfig {
  const secrets = [envValue(env, 'DISCORD_TOKEN'), webhookSecret(envValue(env, 'DISCORD_WEBHOOK_URL'))].filter((s): s is string => !!s);
  return { config: parse(env), stateDir: stateDir(env), secrets };
}

function parse(env: Env): DiscordConfig | ConfigError {
  let values: z.infer<z.ZodObject<typeof shape>>;
  try {
    values = parseEnv(shape, env);
  } catch (error) {
    return error as ConfigError;
  }
  if (!values.DISCORD_TOKEN && !values.DISCORD_WEBHOOK_URL) {
    return new ConfigError(
      `Configuration error: ${unsetReason(env, 'DISCORD_TOKEN')} (set it for the bot, or set only DISCORD_WEBHOOK_URL for notify-only mode).`,
    );
  }
  return {
    mode: values.DISCORD_TOKEN ? 'bot' : 'webhook',
    ...(values.DISCORD_TOKEN ? { token: values.DISCORD_TOKEN, botId: botKey(values.DISCORD_TOKEN) } : {}),
    apiUrl: values.DISCORD_API_URL,
    channels: {
      ...(values.DISCORD_CHANNEL_DEV ? { dev: values.DISCORD_CHANNEL_DEV } : {}),
      ...(values.DISCORD_CHANNEL_ALERTS ? { alerts: values.DISCORD_CHANNEL_ALERTS } : {}),
      ...(values.DISCORD_CHANNEL_APPROVALS ? { approvals: values.DISCORD_CHANNEL_APPROVALS } : {}),
    },
    ...(values.DISCORD_APPROVERS ? { approvers: parseApprovers(values.DISCORD_APPROVERS) } : {}),
    ...(values.DISCORD_WEBHOOK_URL ? { webhookUrl: values.DISCORD_WEBHOOK_URL.replace(/\/+$/, '') } : {}),
  };
}

export function parseApprovers(list: string): Approvers {
  const users = new Set<string>();
  const roles = new Set<string>();
  for (const entry of list.split(',').map((e) => e.trim())) {
    if (entry.startsWith('role:')) roles.add(entry.slice(5));
    else users.add(entry);
  }
  return { users, roles };
}

/** The token part of a webhook URL (the URL itself is a credential). */
function webhookSecret(url: string | undefined): string | undefined {
  // Loose on purpose: scrub the token even from a URL that fails validation.
  return url?.match(/webhooks\/\d+\/([\w-]+)/)?.[1];
}
