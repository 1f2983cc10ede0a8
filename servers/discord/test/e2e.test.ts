import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscordFake } from '../../../testing/discord-fake/index.js';
import { spawnServer, type SpawnedServer } from '../../../testing/mcp-client.js';
import { ALICE, botEnv, buttonId, messageIdOf, startFake, tempDir } from './harness.js';

const HOOK = pathToFileURL(fileURLToPath(new URL('./fixtures/record-imports.mjs', import.meta.url))).href;

let fake: DiscordFake | undefined;
const spawned: SpawnedServer[] = [];
afterEach(async () => {
  await Promise.all(spawned.splice(0).map((s) => s.close()));
  await fake?.close();
  fake = undefined;
});

async function spawn(env: Record<string, string>): Promise<{ s: SpawnedServer; imports: () => string[]; errors: Error[] }> {
  const importLog = join(tempDir('discord-imports-'), 'imports.log');
  const s = await spawnServer('discord.js', [], { ...env, NODE_OPTIONS: `--import=${HOOK}`, IMPORT_LOG: importLog, LOG_LEVEL: 'debug' });
  spawned.push(s);
  const errors: Error[] = [];
  // A stray line on stdout would surface here as a parse error.
  s.client.onerror = (error) => errors.push(error);
  return { s, errors, imports: () => (existsSync(importLog) ? readFileSync(importLog, 'utf8').split('\n').filter(Boolean) : []) };
}

describe('discord bin (e2e)', () => {
  it('initializes and lists tools without discord.js and without the network', async () => {
    const stateDir = tempDir('discord-e2e-');
    const { s, imports, errors } = await spawn({
      DISCORD_TOKEN: 'a-valid-looking-bot-token-123456',
      DISCORD_CHANNEL_APPROVALS: '100000000000000003',
      DISCORD_APPROVERS: '111111111111111111',
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      PROTOLABS_STATE_DIR: stateDir,
    });
    const { tools } = await s.client.listTools();
    expect(tools.map((t) => t.name)).toContain('approval_wait');
    expect(s.client.getServerVersion()?.name).toBe('protolabs-discord');
    expect(imports()).toEqual([]);
    expect(errors).toEqual([]);
    const unreachable = await s.call('notify', { channel: 'dev', text: 'x' });
    expect(unreachable.text).toMatch(/DISCORD_CHANNEL_DEV is not set/);
  }, 60_000);

  it('posts, waits on a click over the real gateway and never lets the token out', async () => {
    fake = await startFake();
    const { s, imports, errors } = await spawn(botEnv(fake, tempDir('discord-e2e-')));
    await s.client.listTools();
    const posted = await s.call('notify', { channel: 'alerts', text: 'deploy started', level: 'warning' });
    expect(posted).toMatchObject({ isError: false, data: { channel: 'alerts' } });
    // Notifications load discord.js's REST client only: no gateway, no discord.js.
    expect(imports()).toEqual(['@discordjs/rest']);

    const requested = await s.call('approval_request', { title: 'Deploy v2', details: 'Blue/green to prod.' });
    const messageId = messageIdOf(requested.data.messageUrl);
    await fake.waitFor(() => fake!.liveGatewaySessions() === 1, 30_000, 'the gateway session');
    expect(imports()).toContain('discord.js');
    expect(fake.gatewayConnections[0]!.intents).toBe(1);
    const outcome = await fake.clickButton({ messageId, customId: buttonId(fake, messageId, 'Approve'), user: ALICE });
    expect(outcome.attempts).toHaveLength(1);
    const waited = await s.call('approval_wait', { id: String(requested.data.id), maxWaitSeconds: 10 });
    expect(waited.data).toMatchObject({ status: 'approved', decidedBy: { id: ALICE.id } });

    const bad = await spawn({ ...botEnv(fake, tempDir('discord-e2e-')), DISCORD_TOKEN: `${fake.token}-revoked` });
    const refused = await bad.s.call('notify', { channel: 'dev', text: 'x' });
    expect(refused.text).toMatch(/rejected DISCORD_TOKEN/);

    for (const text of [JSON.stringify([posted.raw, requested.raw, waited.raw, refused.raw]), s.stderr(), bad.s.stderr()]) {
      expect(text).not.toContain(fake.token);
    }
    expect(s.stderr()).toMatch(/discord gateway connected/);
    expect(errors).toEqual([]);
  }, 90_000);
});
