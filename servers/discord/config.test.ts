import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/errors.js';
import { loadConfig } from './config.js';
import { parseWebhookUrl } from './webhook-url.js';

const TOKEN = 'a-valid-looking-bot-token-123456';

describe('discord config', () => {
  it('parses bot mode with channels, approvers by user and role, and a trimmed API URL', () => {
    const { config } = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CHANNEL_DEV: '100000000000000001',
      DISCORD_APPROVERS: '111111111111111111, role:222222222222222222',
      DISCORD_API_URL: 'http://127.0.0.1:1234/api/',
    });
    expect(config).not.toBeInstanceOf(ConfigError);
    const c = config as Exclude<typeof config, ConfigError>;
    expect(c).toMatchObject({ mode: 'bot', apiUrl: 'http://127.0.0.1:1234/api', channels: { dev: '100000000000000001' } });
    expect([...c.approvers!.users]).toEqual(['111111111111111111']);
    expect([...c.approvers!.roles]).toEqual(['222222222222222222']);
  });

  it('runs notify-only with just a webhook URL and treats its token as a secret', () => {
    const url = 'https://discord.com/api/webhooks/123456789012345678/abcDEF_secret-part';
    const loaded = loadConfig({ DISCORD_WEBHOOK_URL: url });
    expect(loaded.config).toMatchObject({ mode: 'webhook', webhookUrl: url });
    expect(loaded.secrets).toEqual(['abcDEF_secret-part']);
  });

  it.each([
    [{ DISCORD_TOKEN: TOKEN, DISCORD_APPROVERS: 'alice' }, /DISCORD_APPROVERS is malformed/],
    [{ DISCORD_TOKEN: TOKEN, DISCORD_CHANNEL_ALERTS: '#alerts' }, /DISCORD_CHANNEL_ALERTS is malformed/],
    [{ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: 'ftp://x' }, /DISCORD_API_URL is malformed/],
    [{ DISCORD_WEBHOOK_URL: 'https://example.com/hook?t=hunter2hunter2' }, /DISCORD_WEBHOOK_URL is malformed/],
    [{ DISCORD_TOKEN: 'short' }, /DISCORD_TOKEN is malformed/],
    [{}, /DISCORD_TOKEN is not set/],
  ])('names the variable at fault without its value: %j', (env, message) => {
    const { config } = loadConfig(env as Record<string, string>);
    expect(config).toBeInstanceOf(ConfigError);
    expect((config as ConfigError).message).toMatch(message);
    for (const value of Object.values(env)) expect((config as ConfigError).message).not.toContain(value);
  });
});

describe('webhook URLs', () => {
  it('accepts the unversioned URL Discord copies and a versioned one, both used on v10', () => {
    for (const url of [
      'https://discord.com/api/webhooks/123456789012345678/tok_en-1',
      'https://discord.com/api/v9/webhooks/123456789012345678/tok_en-1',
    ]) {
      expect(loadConfig({ DISCORD_WEBHOOK_URL: url }).config).toMatchObject({ mode: 'webhook' });
      expect(parseWebhookUrl(url)).toEqual({ apiBase: 'https://discord.com/api', id: '123456789012345678', token: 'tok_en-1' });
    }
  });
});

describe('an unexpanded ${…} value', () => {
  it('names DISCORD_TOKEN as the unexpanded text instead of a malformed token, and scrubs no placeholder', () => {
    const loaded = loadConfig({ DISCORD_TOKEN: '${DISCORD_TOKEN}', DISCORD_CHANNEL_DEV: '${DISCORD_CHANNEL_DEV}' });
    expect(loaded.config).toBeInstanceOf(ConfigError);
    expect((loaded.config as ConfigError).message).toContain(
      'DISCORD_TOKEN is the unexpanded text ${DISCORD_TOKEN}: set it in the environment Claude Code starts from',
    );
    expect((loaded.config as ConfigError).message).not.toContain('malformed');
    expect(loaded.secrets).toEqual([]);
  });

  it('runs notify-only when the token is unexpanded but a webhook URL is set', () => {
    const url = 'https://discord.com/api/webhooks/123456789012345678/abcDEF_secret-part';
    const loaded = loadConfig({
      DISCORD_TOKEN: '${DISCORD_TOKEN}',
      DISCORD_WEBHOOK_URL: url,
      DISCORD_CHANNEL_DEV: '${DISCORD_CHANNEL_DEV:-x}',
    });
    expect(loaded.config).toMatchObject({ mode: 'webhook', webhookUrl: url, channels: {} });
  });
});
