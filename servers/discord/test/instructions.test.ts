import { describe, expect, it } from 'vitest';
import { toolsNamedIn } from '../../../testing/instructions.js';
import { botTools } from '../tools/index.js';
import { botEnv, tempDir, useFixtures } from './harness.js';

const use = useFixtures();
const ALL_TOOLS = botTools.map((t) => t.name);

const toolsNamed = (instructions: string | undefined) => toolsNamedIn(instructions, ALL_TOOLS);

describe('discord instructions', () => {
  it('describe only notify in webhook mode, where notify is the one tool listed', async () => {
    const hook = { id: '777777777777777777', token: 'hook-secret-token-value', channelId: '888888888888888888' };
    const fake = await use.fake({ channels: [{ id: hook.channelId, name: 'hooked' }], webhooks: [hook] });
    const server = await use.server({
      DISCORD_WEBHOOK_URL: `${fake.apiUrl}/webhooks/${hook.id}/${hook.token}`,
      PROTOLABS_STATE_DIR: tempDir('discord-hook-'),
    });
    const listed = (await server.client.listTools()).tools.map((t) => t.name);
    const instructions = server.client.getInstructions();
    expect(listed).toEqual(['notify']);
    expect(toolsNamed(instructions)).toEqual(['notify']);
    expect(instructions).not.toMatch(/approv/i);
  });

  it('describe the approval tools in bot mode, all of them listed', async () => {
    const fake = await use.fake();
    const server = await use.server(botEnv(fake, tempDir('discord-bot-')));
    const listed = (await server.client.listTools()).tools.map((t) => t.name);
    const named = toolsNamed(server.client.getInstructions());
    expect(named).toEqual(expect.arrayContaining(['notify', 'approval_request', 'approval_wait']));
    for (const name of named) expect(listed).toContain(name);
  });
});
