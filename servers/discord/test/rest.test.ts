import { describe, expect, it } from 'vitest';
import { botEnv, tempDir, useFixtures } from './harness.js';

const use = useFixtures();

async function bot() {
  const fake = await use.fake();
  const server = await use.server(botEnv(fake, tempDir('discord-rest-')));
  return { fake, c: server };
}

describe('REST against Discord’s rate limits and errors (issue 18 item 7)', () => {
  it('honours X-RateLimit-Remaining/Reset-After: once the bucket is known to be empty, the next post waits instead of earning a 429', async () => {
    const { fake, c } = await bot();
    fake.limitMessages({ limit: 2, windowMs: 1500 });
    for (const text of ['one', 'two', 'three']) expect((await c.call('notify', { channel: 'dev', text })).isError).toBe(false);
    expect(fake.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.status === 200)).toHaveLength(3);
  });

  it('waits out a 429 using Discord’s retry_after and succeeds', async () => {
    const { fake, c } = await bot();
    fake.injectFault({ status: 429, retryAfterSeconds: 0.3, path: /messages$/ });
    expect((await c.call('notify', { channel: 'dev', text: 'after a limit' })).isError).toBe(false);
    expect(fake.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([429, 200]);
  });

  it('retries a 5xx instead of failing the call', async () => {
    const { fake, c } = await bot();
    fake.injectFault({ status: 503, path: /messages$/ });
    const result = await c.call('notify', { channel: 'alerts', text: 'despite a hiccup' });
    expect(result.isError, result.text).toBe(false);
    expect(fake.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([503, 200]);
  });

  it('says a 400 is not worth retrying, and a 403 names Embed Links among the permissions', async () => {
    const { fake, c } = await bot();
    fake.injectFault({ status: 400, path: /messages$/ });
    const invalid = await c.call('notify', { channel: 'dev', text: 'x' });
    expect(invalid.isError).toBe(true);
    expect(invalid.text).not.toMatch(/try again later/);
    expect(invalid.text).toMatch(/will not help/);
    fake.injectFault({ status: 403, path: /messages$/ });
    const forbidden = await c.call('notify', { channel: 'dev', text: 'x' });
    expect(forbidden.text).toMatch(/Embed Links/);
  });

  it('pins a webhook URL copied without a version to API v10', async () => {
    const hooked = { id: '888888888888888888', name: 'hooked' };
    const hook = { id: '777777777777777777', token: 'hook-secret-token-value', channelId: hooked.id };
    const fake = await use.fake({ channels: [hooked], webhooks: [hook] });
    const server = await use.server({
      DISCORD_WEBHOOK_URL: `${fake.apiUrl}/webhooks/${hook.id}/${hook.token}`,
      PROTOLABS_STATE_DIR: tempDir('discord-hook-'),
    });
    expect((await server.call('notify', { channel: 'alerts', text: 'deployed' })).isError).toBe(false);
    expect(fake.requests.map((r) => r.version)).toEqual(fake.requests.map(() => 10));
  });
});
