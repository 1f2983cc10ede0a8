import { afterEach, describe, expect, it } from 'vitest';
import { toolContractViolations, toolListSize } from '../../../testing/tool-contract.js';
import { startServer, tempDir, type Started } from './harness.js';

let server: Started | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const BOT_ENV = {
  DISCORD_TOKEN: 'a-valid-looking-bot-token-123456',
  DISCORD_CHANNEL_DEV: '100000000000000001',
  DISCORD_CHANNEL_ALERTS: '100000000000000002',
  DISCORD_CHANNEL_APPROVALS: '100000000000000003',
  DISCORD_APPROVERS: '111111111111111111',
  // a closed port: listing tools must not touch the network
  DISCORD_API_URL: 'http://127.0.0.1:9/api',
};

describe('discord tools/list', () => {
  it('matches the committed snapshot and the tool contract, and stays compact', async () => {
    server = await startServer({ ...BOT_ENV, PROTOLABS_STATE_DIR: tempDir('discord-tools-') });
    const { tools } = await server.client.listTools();
    await expect(JSON.stringify(tools, null, 2)).toMatchFileSnapshot('./__snapshots__/tools.json');
    expect(toolContractViolations(tools)).toEqual([]);
    expect(tools.map((t) => t.name)).toEqual(['notify', 'approval_request', 'approval_wait', 'approval_list', 'messages_read']);
    expect(toolListSize(tools).tokens).toBeLessThan(1500);
  });
});
