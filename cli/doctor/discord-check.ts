import type { Env } from '../../shared/env.js';
import { ConfigError } from '../../shared/errors.js';
import { CHANNELS, CHANNEL_VARIABLE, loadConfig, type DiscordConfig } from '../../servers/discord/config.js';
import { getJson, networkProblem } from './http.js';
import { fail, ok, warn, type Check } from './report.js';

/** DISCORD_* well-formed, then the bot user (`GET /users/@me`) and each configured channel, or the webhook. */
export async function checkDiscord(env: Env, timeoutMs: number): Promise<Check[]> {
  const { config } = loadConfig(env);
  if (config instanceof ConfigError) return [fail('discord', config.message)];
  try {
    return config.mode === 'webhook' ? [await checkWebhook(config, timeoutMs)] : await checkBot(config, timeoutMs);
  } catch (error) {
    return [fail('discord', `${networkProblem(error, config.apiUrl)}: check DISCORD_API_URL (normally unset) and your network`)];
  }
}

async function checkWebhook(config: DiscordConfig, timeoutMs: number): Promise<Check> {
  // The URL is itself the credential: it is never printed.
  const reply = await getJson(config.webhookUrl as string, { headers: {}, timeoutMs });
  if (reply.status === 200)
    return ok('discord', 'webhook found (notify-only mode: approvals need DISCORD_TOKEN and the channel variables)');
  return fail(
    'discord',
    `Discord does not accept DISCORD_WEBHOOK_URL (${reply.status}): create a new webhook (channel settings → Integrations) and update it`,
  );
}

async function checkBot(config: DiscordConfig, timeoutMs: number): Promise<Check[]> {
  const get = (path: string) => getJson(`${config.apiUrl}/v10${path}`, { headers: { authorization: `Bot ${config.token}` }, timeoutMs });
  const me = await get('/users/@me');
  if (me.status === 401) {
    return [
      fail(
        'discord',
        'Discord refused DISCORD_TOKEN (401): reset the token (Developer Portal → your app → Bot → Reset Token) and update DISCORD_TOKEN',
      ),
    ];
  }
  if (me.status !== 200) return [fail('discord', `Discord answered ${me.status} to GET /users/@me: try again later`)];
  const checks: Check[] = [ok('discord', `bot ${(me.body as { username?: string }).username ?? '(unnamed)'}`)];
  for (const channel of CHANNELS) {
    const variable = CHANNEL_VARIABLE[channel];
    const id = config.channels[channel];
    if (!id) {
      checks.push(
        warn(
          `discord ${channel}`,
          `${variable} is not set: ${channel === 'approvals' ? 'approvals' : `notifications to ${channel}`} are unavailable`,
        ),
      );
      continue;
    }
    const found = await get(`/channels/${id}`);
    if (found.status === 200) checks.push(ok(`discord ${channel}`, `${variable} is #${(found.body as { name?: string }).name ?? id}`));
    else if (found.status === 403)
      checks.push(fail(`discord ${channel}`, `the bot cannot see the ${variable} channel: give it View Channel and Send Messages there`));
    else
      checks.push(
        fail(
          `discord ${channel}`,
          `${variable} is not a channel the bot can find (${found.status}): copy the id again (Developer Mode → Copy Channel ID) and invite the bot to that server`,
        ),
      );
  }
  if (config.channels.approvals && !config.approvers) {
    checks.push(warn('discord approvals', 'DISCORD_APPROVERS is not set: nobody can approve or reject; list user ids and/or role:<id>'));
  }
  return checks;
}
