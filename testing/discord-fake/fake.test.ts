import { describe, expect, it } from 'vitest';
import type { DiscordFake } from './index.js';
import { createGatewayClient } from '../../servers/discord/gateway/client.js';
import { useFakes } from './test-fixtures.js';

const use = useFakes();
let fake: DiscordFake | undefined;

async function connectedClient(f: DiscordFake) {
  // the server's own client: discord.js with shards whose close cannot hang mid-handshake
  const { client, Events } = await createGatewayClient(f.apiUrl);
  use.track(client);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(f.token);
  await ready;
  return { client, Events };
}

describe('discord fake', () => {
  it('drives discord.js through gateway discovery, IDENTIFY, READY and GUILD_CREATE', async () => {
    fake = await use.fake({ roles: ['900'] });
    const { client } = await connectedClient(fake);
    expect(fake.liveGatewaySessions()).toBe(1);
    expect(fake.gatewayConnections[0]).toMatchObject({ identified: true, intents: 1 });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toContain('GET /gateway/bot');
    const guild = client.guilds.cache.get(fake.guildId);
    expect(guild?.channels.cache.size).toBe(3);
    expect(guild?.roles.cache.has('900')).toBe(true);
  });

  it('refuses a wrong token on REST', async () => {
    fake = await use.fake();
    const res = await fetch(`${fake.apiUrl}/v10/gateway/bot`, { headers: { authorization: 'Bot nope' } });
    expect(res.status).toBe(401);
  });

  it('records whether the bot token came, never the token; reset forgets requests and queued faults', async () => {
    fake = await use.fake();
    await fetch(`${fake.apiUrl}/v10/users/@me`, { headers: { authorization: `Bot ${fake.token}` } });
    await fetch(`${fake.apiUrl}/v10/users/@me`, { headers: { authorization: 'Bot nope' } });
    expect(fake.requests.map((r) => [r.path, r.authorized, r.status])).toEqual([
      ['/users/@me', true, 200],
      ['/users/@me', false, 401],
    ]);
    expect(JSON.stringify(fake.requests)).not.toContain(fake.token);
    fake.injectFault({ status: 503 });
    fake.reset();
    expect(fake.requests).toEqual([]);
    expect((await fetch(`${fake.apiUrl}/v10/users/@me`, { headers: { authorization: `Bot ${fake.token}` } })).status).toBe(200);
  });

  it('delivers a button click, records one acknowledgement and refuses a second', async () => {
    fake = await use.fake({ interactionDeadlineMs: 30_000 });
    const { client, Events } = await connectedClient(fake);
    const channel = fake.channels[0]!;
    const posted = await fetch(`${fake.apiUrl}/v10/channels/${channel.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        content: 'ok?',
        components: [{ type: 1, components: [{ type: 2, style: 3, label: 'Yes', custom_id: 'x:yes' }] }],
      }),
    });
    const message = (await posted.json()) as { id: string };
    const second: Array<Promise<unknown>> = [];
    client.on(Events.InteractionCreate, (interaction) => {
      if (!interaction.isButton()) return;
      void interaction.update({ content: `yes from ${interaction.user.id}`, components: [] }).then(() => {
        second.push(
          fetch(`${fake!.apiUrl}/v10/interactions/${interaction.id}/${interaction.token}/callback`, {
            method: 'POST',
            body: '{"type":6}',
            headers: { 'content-type': 'application/json' },
          }).then((r) => r.json()),
        );
      });
    });
    const outcome = await fake.clickButton({ label: 'Yes', user: { id: '42', username: 'human' } });
    expect(outcome.deliveredTo).toBe(1);
    expect(outcome.callback).toMatchObject({ type: 7, data: { content: 'yes from 42', components: [] } });
    expect(fake.messages.get(message.id)).toMatchObject({ content: 'yes from 42', components: [] });
    await fake.waitFor(() => second.length === 1);
    expect(await second[0]).toMatchObject({ code: 40060 });
  });

  it('delivers a modal submit whose fields discord.js can read', async () => {
    fake = await use.fake({ interactionDeadlineMs: 30_000 });
    const { client, Events } = await connectedClient(fake);
    const channelId = fake.channels[0]!.id;
    await fetch(`${fake.apiUrl}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        content: 'why?',
        components: [{ type: 1, components: [{ type: 2, style: 4, label: 'No', custom_id: 'x:no' }] }],
      }),
    });
    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isButton()) {
        void interaction.showModal({
          custom_id: 'x:why',
          title: 'Why',
          components: [{ type: 18, label: 'Reason', component: { type: 4, custom_id: 'reason', style: 2 } }],
        });
      }
      if (interaction.isModalSubmit()) void interaction.reply({ content: interaction.fields.getTextInputValue('reason'), flags: 64 });
    });
    await expect(fake.submitModal({ customId: 'x:why', user: { id: '42', username: 'h' }, fields: { reason: 'x' } })).rejects.toThrow(
      /no modal/,
    );
    const opened = await fake.clickButton({ customId: 'x:no', user: { id: '42', username: 'h' } });
    expect(opened.callback).toMatchObject({ type: 9, data: { custom_id: 'x:why' } });
    const submitted = await fake.submitModal({ customId: 'x:why', user: { id: '42', username: 'h' }, fields: { reason: 'too risky' } });
    expect(submitted.callback).toMatchObject({ type: 4, data: { content: 'too risky', flags: 64 } });
  });

  it('answers heartbeats and resumes a dropped session', async () => {
    fake = await use.fake({ heartbeatIntervalMs: 100 });
    await connectedClient(fake);
    await fake.waitFor(() => (fake?.gatewayConnections[0]?.heartbeats ?? 0) >= 2, 20_000, 'heartbeats');
    fake.dropGateway();
    await fake.waitFor(() => fake!.gatewayConnections.some((c) => c.resumed > 0 && c.open), 30_000, 'a resume');
    expect(fake.liveGatewaySessions()).toBe(1);
  });

  it('loses a click when no gateway session is connected', async () => {
    fake = await use.fake();
    const channelId = fake.channels[0]!.id;
    fake.postHumanMessage(channelId, { id: '1', username: 'x' }, 'hi');
    const [message] = fake.messages.values();
    (message!.components as unknown[]).push({ type: 1, components: [{ type: 2, style: 1, label: 'x', custom_id: 'lonely' }] });
    const outcome = await fake.clickButton({ customId: 'lonely', user: { id: '1', username: 'x' } });
    expect(outcome).toMatchObject({ deliveredTo: 0, callback: undefined });
  });
});
