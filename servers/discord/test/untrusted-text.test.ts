import { afterEach, describe, expect, it } from 'vitest';
import type { DiscordFake } from '../../../testing/discord-fake/index.js';
import { HOSTILE, onlyInsideLabels } from '../../../testing/untrusted-text.js';
import { APPROVER_ROLE, BOB, botEnv, buttonId, messageIdOf, startFake, startServer, tempDir, type Started } from './harness.js';

let fake: DiscordFake | undefined;
let server: Started | undefined;
afterEach(async () => {
  await server?.close();
  await fake?.close();
  server = undefined;
  fake = undefined;
});

describe('discord texts carry outside text only inside untrusted labels', () => {
  it('messages_read: message text and author names, beside ids and the cursor for newer ones', async () => {
    fake = await startFake();
    server = await startServer(botEnv(fake, tempDir('discord-text-')));
    const dev = fake.channels[0]!.id;
    const posted = fake.postHumanMessage(dev, { ...BOB, username: HOSTILE }, HOSTILE);
    const { text } = await server.call('messages_read', { channel: 'dev' });
    expect(onlyInsideLabels(text)).toBe(true);
    expect(text).toContain(posted.id);
    expect(text).toContain(BOB.id);
    expect(text).toContain(`after ${posted.id}`);
  });

  it('approval_wait and approval_list: the approver’s reason, beside status and who decided', async () => {
    fake = await startFake();
    server = await startServer(botEnv(fake, tempDir('discord-text-')));
    const requested = await server.call('approval_request', { title: 'Merge PR #7', details: 'Adds the cache layer.' });
    const id = requested.data.id as string;
    const messageId = messageIdOf(requested.data.messageUrl);
    const live = fake;
    await live.waitFor(() => live.liveGatewaySessions() === 1, 20_000, 'the gateway session');
    const opened = await live.clickButton({ messageId, customId: buttonId(live, messageId, 'Reject'), user: BOB, roles: [APPROVER_ROLE] });
    await live.submitModal({
      customId: String(opened.callback!.data!.custom_id),
      user: BOB,
      roles: [APPROVER_ROLE],
      fields: { reason: HOSTILE },
    });
    const waited = await server.call('approval_wait', { id, maxWaitSeconds: 5 });
    expect(waited.data.status).toBe('rejected');
    expect(onlyInsideLabels(waited.text)).toBe(true);
    expect(waited.text).toContain(`Approval ${id} was rejected by`);
    expect(waited.text).toContain(BOB.id);
  });
});
