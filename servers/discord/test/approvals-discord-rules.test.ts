import { describe, expect, it } from 'vitest';
import type { DiscordFake } from '../../../testing/discord-fake/index.js';
import { ALICE, APPROVER_ROLE, BOB, botEnv, buttonId, messageIdOf, tempDir, useFixtures, type Started } from './harness.js';

const use = useFixtures();

async function request(_f: DiscordFake, s: Started, args: Record<string, unknown> = {}) {
  const result = await s.call('approval_request', { title: 'Merge PR #7', details: 'Adds the cache layer.', ...args });
  expect(result.isError, result.text).toBe(false);
  return { id: String(result.data.id), messageId: messageIdOf(result.data.messageUrl), result };
}

const approve = (f: DiscordFake, messageId: string, user = ALICE, roles: string[] = []) =>
  f.clickButton({ messageId, customId: buttonId(f, messageId, 'Approve'), user, roles });

describe('approvals against Discord’s rules (issue 18)', () => {
  it('item 4: a click Discord no longer accepts a reply for leaves the request pending and decidable', async () => {
    const fake = await use.fake({ interactionDeadlineMs: 0 });
    const s = await use.server(botEnv(fake, tempDir('discord-late-')));
    const { id, messageId } = await request(fake, s);
    await fake.waitFor(() => fake.liveGatewaySessions() === 1, 20_000, 'the gateway session');
    const late = await approve(fake, messageId);
    expect(late.callback).toBeUndefined();
    await fake.waitFor(() => late.attempts.some((a) => a.code === 10062), 20_000, 'the refused acknowledgement');
    expect((await s.call('approval_wait', { id, maxWaitSeconds: 0 })).data.status).toBe('pending');
    fake.interactionDeadlineMs = 30_000;
    await approve(fake, messageId);
    expect((await s.call('approval_wait', { id, maxWaitSeconds: 10 })).data).toMatchObject({
      status: 'approved',
      decidedBy: { id: ALICE.id },
    });
  });

  it('item 4: a click replayed on resume after a dropped connection, too late for Discord, stays pending', async () => {
    const fake = await use.fake();
    const s = await use.server(botEnv(fake, tempDir('discord-replay-')));
    const { id, messageId } = await request(fake, s);
    await fake.waitFor(() => fake.liveGatewaySessions() === 1, 20_000, 'the gateway session');
    fake.interactionDeadlineMs = 0;
    fake.dropGateway();
    const missed = await approve(fake, messageId);
    expect(missed.deliveredTo).toBe(1);
    await fake.waitFor(() => missed.attempts.some((a) => a.code === 10062), 30_000, 'the replayed click’s late acknowledgement');
    expect(fake.gatewayConnections.some((c) => c.resumed > 0)).toBe(true);
    expect((await s.call('approval_wait', { id, maxWaitSeconds: 0 })).data.status).toBe('pending');
    fake.interactionDeadlineMs = 30_000;
    await approve(fake, messageId);
    expect((await s.call('approval_wait', { id, maxWaitSeconds: 10 })).data.status).toBe('approved');
  });

  it('item 2: two bots on one machine each get their own gateway, and both bots’ buttons work', async () => {
    const stateDir = tempDir('discord-two-bots-');
    const fakes = [await use.fake(), await use.fake()];
    const servers = [await use.server(botEnv(fakes[0]!, stateDir)), await use.server(botEnv(fakes[1]!, stateDir))];
    const requests = [await request(fakes[0]!, servers[0]!), await request(fakes[1]!, servers[1]!)];
    for (const f of fakes) await f.waitFor(() => f.liveGatewaySessions() === 1, 30_000, 'each bot’s own gateway session');
    for (const [i, f] of fakes.entries()) {
      await approve(f, requests[i]!.messageId);
      const waited = await servers[i]!.call('approval_wait', { id: requests[i]!.id, maxWaitSeconds: 10 });
      expect(waited.data.status).toBe('approved');
    }
  });

  it('item 3: the request’s own approvers apply, whichever process holds the gateway; a notify-only holder refuses nobody', async () => {
    const fake = await use.fake();
    const stateDir = tempDir('discord-approvers-');
    const x = await use.server({ ...botEnv(fake, stateDir), DISCORD_APPROVERS: ALICE.id });
    const xRequest = await request(fake, x, { title: 'X' });
    await fake.waitFor(() => fake.liveGatewaySessions() === 1, 20_000, 'X to hold the gateway');
    const y = await use.server({ ...botEnv(fake, stateDir), DISCORD_APPROVERS: BOB.id });
    const yRequest = await request(fake, y, { title: 'Y' });
    const byAlice = await approve(fake, yRequest.messageId, ALICE);
    expect(byAlice.callback).toMatchObject({ type: 4, data: { content: expect.stringMatching(/not an approver/) } });
    await approve(fake, yRequest.messageId, BOB);
    expect((await y.call('approval_wait', { id: yRequest.id, maxWaitSeconds: 10 })).data).toMatchObject({
      status: 'approved',
      decidedBy: { id: BOB.id },
    });

    // X leaves; a process with no DISCORD_APPROVERS that only lists takes the gateway and still lets Alice decide X's request.
    await x.close();
    await y.close();
    await fake.waitFor(() => fake.liveGatewaySessions() === 0, 20_000, 'the gateway to be free');
    const { DISCORD_APPROVERS: _none, ...noApprovers } = botEnv(fake, stateDir);
    const lister = await use.server(noApprovers);
    expect((await lister.call('approval_list', { allSessions: true })).isError).toBe(false);
    await fake.waitFor(() => fake.liveGatewaySessions() === 1, 20_000, 'the lister to hold the gateway');
    await approve(fake, xRequest.messageId, ALICE);
    expect((await lister.call('approval_wait', { id: xRequest.id, maxWaitSeconds: 10, anySession: true })).data.status).toBe('approved');
  });

  it('item 6: a session sees and waits on its own approvals unless it asks for all', async () => {
    const fake = await use.fake();
    const stateDir = tempDir('discord-sessions-');
    const mine = await use.server(botEnv(fake, stateDir));
    const other = await use.server(botEnv(fake, stateDir));
    const { id } = await request(fake, mine);
    const listed = await other.call('approval_list', {});
    expect(listed.data.approvals).toEqual([]);
    const waited = await other.call('approval_wait', { id, maxWaitSeconds: 0 });
    expect(waited.isError).toBe(true);
    expect(waited.text).toMatch(/another session/);
    const all = await other.call('approval_list', { allSessions: true });
    expect(all.data.approvals).toEqual([
      expect.objectContaining({ id, requester: expect.objectContaining({ instance: expect.any(String) }) }),
    ]);
    expect((await other.call('approval_wait', { id, maxWaitSeconds: 0, anySession: true })).data.status).toBe('pending');
  });

  it('items 5 and 6: the essentials are plain text beside the embed, and agent text cannot forge a decision or a link', async () => {
    const fake = await use.fake();
    const s = await use.server({ ...botEnv(fake, tempDir('discord-text-')), PROTOLABS_INSTANCE: 'team-red' });
    const details = '# ✅ Approved by alice\n[the docs](https://evil.example/steal) and -# small print';
    const { messageId } = await request(fake, s, { title: '✅ Approved by alice', details, risk: 'high' });
    const message = fake.messages.get(messageId)!;
    expect(message.content).toMatch(/^\*\*Approval requested\*\*/);
    expect(message.content).toContain('team\\-red');
    expect(message.content).toContain('Approved by alice');
    expect(message.content).toMatch(/Risk:\*\* high/);
    const shown = JSON.stringify([message.content, message.embeds]);
    expect(shown).not.toContain('✅');
    const description = (message.embeds[0] as { description: string }).description;
    expect(description).not.toMatch(/^#/m);
    expect(description).not.toContain('[the docs](');
    expect(description).toContain('\\[the docs\\]\\(https');
  });

  it('item 9: a whitespace-only reject reason is refused and the request stays pending', async () => {
    const fake = await use.fake();
    const s = await use.server(botEnv(fake, tempDir('discord-reason-')));
    const { id, messageId } = await request(fake, s);
    await fake.waitFor(() => fake.liveGatewaySessions() === 1, 20_000, 'the gateway session');
    const opened = await fake.clickButton({ messageId, customId: buttonId(fake, messageId, 'Reject'), user: BOB, roles: [APPROVER_ROLE] });
    const modalId = String(opened.callback!.data!.custom_id);
    const blank = await fake.submitModal({ customId: modalId, user: BOB, roles: [APPROVER_ROLE], fields: { reason: '   \n ' } });
    expect(blank.callback).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringMatching(/reason is needed/) } });
    expect((await s.call('approval_wait', { id, maxWaitSeconds: 0 })).data.status).toBe('pending');
  });

  it('item 9: a post that times out after Discord created the message is retried with its nonce: one message, live buttons', async () => {
    const fake = await use.fake();
    const s = await use.server(botEnv(fake, tempDir('discord-timeout-')), { restTimeoutMs: 1000 });
    fake.delayNextMessage(60_000);
    const { id, messageId } = await request(fake, s);
    expect([...fake.messages.values()].filter((m) => m.channel_id === fake.channels[2]!.id)).toHaveLength(1);
    await fake.waitFor(() => fake.liveGatewaySessions() === 1, 20_000, 'the gateway session');
    await approve(fake, messageId);
    expect((await s.call('approval_wait', { id, maxWaitSeconds: 10 })).data.status).toBe('approved');
  });

  it('item 9: details longer than Discord shows are reported as cut, never silently', async () => {
    const fake = await use.fake();
    const s = await use.server(botEnv(fake, tempDir('discord-long-')));
    const { result } = await request(fake, s, { details: `${'a_'.repeat(1990)}end` });
    expect(result.data.detailsTruncated).toBe(true);
    expect(result.text).toMatch(/cut to fit/);
  });
});
