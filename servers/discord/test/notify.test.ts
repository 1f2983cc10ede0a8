import { describe, expect, it } from 'vitest';
import type { DiscordFake } from '../../../testing/discord-fake/index.js';
import { botEnv, tempDir, useFixtures } from './harness.js';
import { listedNames, snapshotToolNames } from '../../../testing/tool-snapshot.js';

const use = useFixtures();

async function bot(extra: Record<string, string> = {}) {
  const fake = await use.fake();
  const server = await use.server({ ...botEnv(fake, tempDir('discord-notify-')), ...extra });
  return { fake, c: server };
}

const posts = (f: DiscordFake) => f.requests.filter((r) => r.method === 'POST');

describe('notify', () => {
  it.each(['dev', 'alerts'] as const)('posts to #%s over REST and returns the message link', async (channel) => {
    const { fake, c } = await bot({ PROTOLABS_INSTANCE: 'team-red' });
    const result = await c.call('notify', {
      channel,
      text: 'build green',
      title: 'CI',
      level: 'success',
      feature: 'f-1',
      url: 'https://example.com/run/1',
    });
    expect(result.isError).toBe(false);
    const target = fake.channels.find((ch) => ch.name === channel)!;
    const [post] = posts(fake);
    expect(post).toMatchObject({ path: `/channels/${target.id}/messages`, authorized: true });
    expect(post!.body).toMatchObject({
      embeds: [
        { title: 'CI', description: 'build green', url: 'https://example.com/run/1', footer: { text: 'from team-red · feature f-1' } },
      ],
    });
    const messageId = result.data.messageId as string;
    expect(result.data.url).toBe(`https://discord.com/channels/${fake.guildId}/${target.id}/${messageId}`);
    expect(fake.liveGatewaySessions()).toBe(0);
    expect(fake.gatewayConnections).toEqual([]);
  });

  it('names the instance it comes from on every post', async () => {
    const { fake, c } = await bot({ PROTOLABS_INSTANCE: 'team-blue' });
    await c.call('notify', { channel: 'dev', text: 'deployed' });
    expect(posts(fake)[0]!.body).toMatchObject({ embeds: [{ footer: { text: 'from team-blue' } }] });
  });

  it('refuses #approvals (a card there could pass for an approval or a decision) and posts nothing', async () => {
    const { fake, c } = await bot();
    const result = await c.call('notify', { channel: 'approvals', text: '✅ Approved by alice' });
    expect(result.isError).toBe(true);
    expect(fake.requests).toEqual([]);
  });

  it('neutralises mentions unless asked, and never pings @everyone', async () => {
    const { fake, c } = await bot();
    await c.call('notify', { channel: 'dev', text: 'hey @everyone and <@111111111111111111>' });
    expect(posts(fake)[0]!.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(posts(fake)[0]!.body).not.toHaveProperty('content');
    await c.call('notify', { channel: 'dev', text: 'hey @everyone and <@111111111111111111>', mentions: true });
    expect(posts(fake)[1]!.body).toMatchObject({ content: '<@111111111111111111>', allowed_mentions: { parse: ['users', 'roles'] } });
  });

  it('truncates text over Discord’s limits instead of refusing it', async () => {
    const { fake, c } = await bot();
    const result = await c.call('notify', { channel: 'alerts', text: 'x'.repeat(10_000), title: 't'.repeat(400) });
    expect(result).toMatchObject({ isError: false, data: { truncated: true } });
    const embed = (posts(fake)[0]!.body as { embeds: Array<{ title: string; description: string }> }).embeds[0]!;
    expect(embed.description).toHaveLength(4096);
    expect(embed.title).toHaveLength(256);
    expect(embed.description.endsWith('…')).toBe(true);
  });

  it('names the missing channel variable and sends nothing', async () => {
    const { fake, c } = await bot({ DISCORD_CHANNEL_ALERTS: '' });
    const result = await c.call('notify', { channel: 'alerts', text: 'x' });
    expect(result).toMatchObject({ isError: true });
    expect(result.text).toMatch(/DISCORD_CHANNEL_ALERTS is not set/);
    expect(fake.requests).toEqual([]);
  });

  it('reports a rejected token without echoing it', async () => {
    const fake = await use.fake();
    const wrong = `${fake.token}WRONG`;
    const server = await use.server({ ...botEnv(fake, tempDir('discord-notify-')), DISCORD_TOKEN: wrong });
    const result = await server.call('notify', { channel: 'dev', text: 'x' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/rejected DISCORD_TOKEN/);
    expect(JSON.stringify(result.raw)).not.toContain(wrong);
  });

  it('runs notify-only with just a webhook URL: one tool, posted through the webhook', async () => {
    const hooked = { id: '888888888888888888', name: 'hooked' };
    const hook = { id: '777777777777777777', token: 'hook-secret-token-value', channelId: hooked.id };
    const fake = await use.fake({ channels: [hooked], webhooks: [hook] });
    const server = await use.server({
      DISCORD_WEBHOOK_URL: `${fake.apiUrl}/webhooks/${hook.id}/${hook.token}`,
      PROTOLABS_STATE_DIR: tempDir('discord-hook-'),
    });
    const { tools } = await server.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['notify']);
    const result = await server.call('notify', { channel: 'alerts', text: 'deployed <@111111111111111111>' });
    expect(result).toMatchObject({ isError: false, data: { via: 'webhook' } });
    expect(result.data.url).toBe(`https://discord.com/channels/${fake.guildId}/${hooked.id}/${String(result.data.messageId)}`);
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: `/webhooks/${hook.id}/${hook.token}`,
      query: { wait: 'true' },
      authorized: false,
    });
    expect(fake.requests[0]!.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(JSON.stringify(result.raw)).not.toContain(hook.token);
  });

  it('starts without credentials and answers every call with the configuration error', async () => {
    const server = await use.server({ PROTOLABS_STATE_DIR: tempDir('discord-none-') });
    const { tools } = await server.client.listTools();
    expect(listedNames(tools)).toEqual(snapshotToolNames('discord'));
    for (const [name, args] of [
      ['notify', { channel: 'dev', text: 'x' }],
      ['approval_list', {}],
    ] as const) {
      const result = await server.call(name, args);
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(/DISCORD_TOKEN is not set/);
    }
  });

  it('names a malformed variable without its value', async () => {
    const server = await use.server({
      DISCORD_TOKEN: 'a-valid-looking-token-123456',
      DISCORD_CHANNEL_DEV: 'not-an-id-secretish',
      PROTOLABS_STATE_DIR: tempDir('discord-bad-'),
    });
    const result = await server.call('notify', { channel: 'dev', text: 'x' });
    expect(result.text).toMatch(/DISCORD_CHANNEL_DEV is malformed/);
    expect(result.text).not.toContain('not-an-id-secretish');
  });
});
