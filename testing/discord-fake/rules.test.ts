import { describe, expect, it } from 'vitest';
import type { DiscordFake } from './index.js';
import { createGatewayClient } from '../../servers/discord/gateway/client.js';
import { useFakes } from './test-fixtures.js';

const use = useFakes();
let fake: DiscordFake | undefined;

const ALICE = { id: '111111111111111111', username: 'alice' };

async function api(f: DiscordFake, method: string, path: string, body?: unknown, version = 'v10') {
  const res = await fetch(`${f.apiUrl}${version ? `/${version}` : ''}${path}`, {
    method,
    headers: { authorization: `Bot ${f.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const buttons = (customId: string) => [{ type: 1, components: [{ type: 2, style: 3, label: 'Yes', custom_id: customId }] }];

/** A discord.js client whose interactions are answered by `answer` (raw REST callbacks, so any body can be sent). */
async function bot(f: DiscordFake, answer: (interaction: { id: string; token: string }) => Promise<void>) {
  // the server's own client: discord.js with shards whose close cannot hang mid-handshake
  const { client, Events } = await createGatewayClient(f.apiUrl);
  use.track(client);
  client.on(Events.Raw, (packet: { t?: string; d: { id: string; token: string } }) => {
    if (packet.t === 'INTERACTION_CREATE') void answer(packet.d);
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(f.token);
  await ready;
  return client;
}

const callback = (f: DiscordFake, i: { id: string; token: string }, body: unknown) =>
  api(f, 'POST', `/interactions/${i.id}/${i.token}/callback`, body);

describe('discord fake: Discord’s rules', () => {
  it('refuses a message body Discord’s spec refuses with 50035, and creates nothing', async () => {
    fake = await use.fake();
    const channel = fake.channels[0]!.id;
    const refused = await api(fake, 'POST', `/channels/${channel}/messages`, { embeds: [{ title: 'x'.repeat(300) }] });
    expect(refused).toMatchObject({ status: 400, body: { code: 50035 } });
    expect(fake.messages.size).toBe(0);
  });

  it('refuses an acknowledgement after the deadline (10062) and one of an unknown type (50035)', async () => {
    fake = await use.fake({ interactionDeadlineMs: 30_000 });
    const answers: Array<{ status: number; body?: Record<string, unknown> }> = [];
    let delayMs = 0;
    await bot(fake, async (i) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      answers.push(await callback(fake!, i, { type: 42 }));
      answers.push(await callback(fake!, i, { type: 6 }));
    });
    await api(fake, 'POST', `/channels/${fake.channels[0]!.id}/messages`, { content: 'ok?', components: buttons('x:yes') });
    const fast = await fake.clickButton({ customId: 'x:yes', user: ALICE });
    expect(fast.callback).toMatchObject({ type: 6 });
    expect(answers[0]).toMatchObject({ status: 400, body: { code: 50035 } });
    // Late for sure, however busy the machine: the bot waits longer than the deadline before answering.
    fake.interactionDeadlineMs = 200;
    delayMs = 600;
    const slow = await fake.clickButton({ customId: 'x:yes', user: ALICE, timeoutMs: 5000 });
    expect(slow.callback).toBeUndefined();
    await fake.waitFor(() => answers.length === 4, 20_000, 'the late acknowledgement');
    expect(answers[3]).toMatchObject({ status: 404, body: { code: 10062 } });
  });

  it('refuses a click on a button an edit removed', async () => {
    fake = await use.fake();
    const channel = fake.channels[0]!.id;
    const posted = await api(fake, 'POST', `/channels/${channel}/messages`, { content: 'ok?', components: buttons('x:yes') });
    const messageId = String(posted.body!.id);
    await api(fake, 'PATCH', `/channels/${channel}/messages/${messageId}`, { components: [] });
    await expect(fake.clickButton({ messageId, customId: 'x:yes', user: ALICE })).rejects.toThrow(/removed buttons cannot be clicked/);
  });

  it('replays a click made while the socket was down once the client resumes', async () => {
    fake = await use.fake({ interactionDeadlineMs: 60_000 });
    const seen: string[] = [];
    await bot(fake, async (i) => {
      seen.push(i.id);
      await callback(fake!, i, { type: 6 });
    });
    await api(fake, 'POST', `/channels/${fake.channels[0]!.id}/messages`, { content: 'ok?', components: buttons('x:yes') });
    fake.dropGateway();
    await fake.waitFor(() => fake!.liveGatewaySessions() === 0, 20_000, 'the dropped socket');
    const outcome = await fake.clickButton({ customId: 'x:yes', user: ALICE, timeoutMs: 30_000 });
    expect(outcome.deliveredTo).toBe(1);
    expect(outcome.callback).toMatchObject({ type: 6 });
    expect(seen).toEqual([outcome.interactionId]);
    expect(fake.gatewayConnections.some((c) => c.resumed > 0)).toBe(true);
  });

  it('sends RECONNECT (the client resumes) and a non-resumable INVALID_SESSION (the client identifies again)', async () => {
    fake = await use.fake();
    const client = await bot(fake, async () => undefined);
    fake.requestReconnect();
    await fake.waitFor(() => fake!.gatewayConnections.some((c) => c.resumed > 0 && c.open), 30_000, 'a resume after op 7');
    const identifiedBefore = fake.gatewayConnections.filter((c) => c.identified && c.resumed === 0).length;
    const readyAgain = new Promise<void>((resolve) => client.once('shardReady', () => resolve()));
    fake.invalidateSessions(false);
    await fake.waitFor(
      () => fake!.gatewayConnections.filter((c) => c.identified && c.resumed === 0).length > identifiedBefore,
      30_000,
      'a new IDENTIFY after op 9',
    );
    await readyAgain; // the client took the new session's READY
    expect(fake.liveGatewaySessions()).toBe(1);
  });

  it('answers an injected 429 with Discord’s headers; retry_after is in ms for an unversioned (v6) URL', async () => {
    fake = await use.fake();
    fake.injectFault({ status: 429, retryAfterSeconds: 1.5 });
    const v10 = await api(fake, 'GET', '/users/@me');
    expect(v10.status).toBe(429);
    expect(v10.body).toMatchObject({ retry_after: 1.5, global: false });
    expect(v10.headers.get('retry-after')).toBe('2');
    expect(v10.headers.get('x-ratelimit-scope')).toBe('user');
    expect(v10.headers.get('x-ratelimit-remaining')).toBe('0');
    fake.injectFault({ status: 429, retryAfterSeconds: 1.5, global: true });
    const legacy = await api(fake, 'GET', '/users/@me', undefined, '');
    expect(legacy.body).toMatchObject({ retry_after: 1500, global: true });
    expect(legacy.headers.get('x-ratelimit-global')).toBe('true');
    expect(fake.requests.map((r) => r.version)).toEqual([10, null]);
  });

  it('limits message creation per channel with Discord’s bucket headers', async () => {
    fake = await use.fake();
    fake.limitMessages({ limit: 2, windowMs: 60_000 });
    const channel = fake.channels[0]!.id;
    const first = await api(fake, 'POST', `/channels/${channel}/messages`, { content: '1' });
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    await api(fake, 'POST', `/channels/${channel}/messages`, { content: '2' });
    const third = await api(fake, 'POST', `/channels/${channel}/messages`, { content: '3' });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(0);
  });

  it('lists messages with Discord’s before/after semantics, newest first; empty without Read Message History', async () => {
    fake = await use.fake();
    const channel = fake.channels[0]!.id;
    const ids = ['1', '2', '3', '4', '5'].map((text) => fake!.postHumanMessage(channel, ALICE, text).id);
    const contents = async (query: string) =>
      ((await api(fake!, 'GET', `/channels/${channel}/messages?${query}`)).body as unknown as Array<{ content: string }>).map(
        (m) => m.content,
      );
    expect(await contents('limit=2')).toEqual(['5', '4']);
    expect(await contents(`limit=2&after=${ids[0]}`)).toEqual(['3', '2']);
    expect(await contents(`limit=2&before=${ids[4]}`)).toEqual(['4', '3']);
    fake.hideHistory(channel);
    expect(await contents('limit=2')).toEqual([]);
  });

  it('returns the first message again for a repeated nonce with enforce_nonce (no duplicate)', async () => {
    fake = await use.fake();
    const channel = fake.channels[0]!.id;
    const body = { content: 'once', nonce: 'n-1', enforce_nonce: true };
    const a = await api(fake, 'POST', `/channels/${channel}/messages`, body);
    const b = await api(fake, 'POST', `/channels/${channel}/messages`, body);
    expect(b.body!.id).toBe(a.body!.id);
    expect(fake.messages.size).toBe(1);
  });
});
