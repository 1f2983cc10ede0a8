import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscordFake } from '../../../testing/discord-fake/index.js';
import { spawnServer, type SpawnedServer } from '../../../testing/mcp-client.js';
import { ALICE, botEnv, buttonId, messageIdOf, startFake, tempDir } from './harness.js';

let fake: DiscordFake | undefined;
const spawned: SpawnedServer[] = [];
afterEach(async () => {
  await Promise.all(spawned.splice(0).map((s) => s.close().catch(() => undefined)));
  await fake?.close();
  fake = undefined;
});

async function spawn(env: Record<string, string>): Promise<SpawnedServer> {
  const s = await spawnServer('discord.js', [], env);
  spawned.push(s);
  return s;
}

const identified = (f: DiscordFake) => f.gatewayConnections.filter((c) => c.identified).length;

async function requestApproval(f: DiscordFake, s: SpawnedServer, title: string) {
  const result = await s.call('approval_request', { title, details: 'Needs a human.' });
  expect(result.isError).toBe(false);
  const messageId = messageIdOf(result.data.messageUrl);
  return {
    id: String(result.data.id),
    messageId,
    approve: () => f.clickButton({ messageId, customId: buttonId(f, messageId, 'Approve'), user: ALICE }),
  };
}

describe('several server processes on one bot token', () => {
  it('share one gateway, acknowledge each click once, agree on the decision, and survive the holder being killed', async () => {
    fake = await startFake();
    const stateDir = tempDir('discord-multi-');
    const procs = await Promise.all([0, 1, 2].map(() => spawn(botEnv(fake!, stateDir))));
    const first = await requestApproval(fake, procs[0]!, 'first');
    // Every process becomes a gateway candidate.
    for (const p of procs) expect((await p.call('approval_list', { allSessions: true })).isError).toBe(false);
    await fake.waitFor(() => fake!.liveGatewaySessions() === 1, 30_000, 'a gateway session');

    const outcome = await first.approve();
    expect(outcome.deliveredTo).toBe(1);
    expect(outcome.attempts).toHaveLength(1);
    for (const p of procs) {
      const waited = await p.call('approval_wait', { id: first.id, maxWaitSeconds: 10, anySession: true });
      expect(waited.data).toMatchObject({ status: 'approved', decidedBy: { id: ALICE.id } });
    }
    expect(identified(fake)).toBe(1);
    expect(fake.liveGatewaySessions()).toBe(1);

    const holderPid = (
      JSON.parse(readFileSync(join(stateDir, 'discord', fake.applicationId, 'gateway-holder.json'), 'utf8')) as { pid: number }
    ).pid;
    const survivors = procs.filter((p) => p.pid !== holderPid);
    expect(survivors).toHaveLength(2);
    const second = await requestApproval(fake, survivors[0]!, 'second');
    process.kill(holderPid, 'SIGKILL');
    await fake.waitFor(
      () => identified(fake!) >= 2 && fake!.liveGatewaySessions() === 1,
      45_000,
      'another process to take the gateway over',
    );

    const again = await second.approve();
    expect(again.attempts).toHaveLength(1);
    for (const p of survivors) {
      expect((await p.call('approval_wait', { id: second.id, maxWaitSeconds: 10, anySession: true })).data.status).toBe('approved');
    }
    expect(fake.liveGatewaySessions()).toBe(1);
  }, 120_000);

  it('returns a decision made after a restart to approval_wait (a click while nobody listened is lost)', async () => {
    fake = await startFake();
    const stateDir = tempDir('discord-restart-');
    const before = await spawn(botEnv(fake, stateDir));
    const pending = await requestApproval(fake, before, 'survives restarts');
    await fake.waitFor(() => fake!.liveGatewaySessions() === 1, 30_000, 'the first gateway session');
    await before.close();
    await fake.waitFor(() => fake!.liveGatewaySessions() === 0, 30_000, 'the first process to disconnect');

    const lost = await pending.approve();
    expect(lost).toMatchObject({ deliveredTo: 0, callback: undefined });

    const after = await spawn(botEnv(fake, stateDir));
    const waiting = after.call('approval_wait', { id: pending.id, maxWaitSeconds: 50, anySession: true }, { timeoutMs: 90_000 });
    await fake.waitFor(() => fake!.liveGatewaySessions() === 1, 30_000, 'the restarted gateway session');
    const outcome = await pending.approve();
    expect(outcome.attempts).toHaveLength(1);
    expect((await waiting).data).toMatchObject({ id: pending.id, status: 'approved', decidedBy: { id: ALICE.id } });
  }, 120_000);
});
