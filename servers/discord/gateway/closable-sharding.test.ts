import { REST } from '@discordjs/rest';
import { WebSocketManager, WebSocketShardStatus } from '@discordjs/ws';
import * as ws from '@discordjs/ws';
import { GatewayIntentBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { useFakes } from '../../../testing/discord-fake/test-fixtures.js';
import { closableSharding } from './closable-sharding.js';

const use = useFakes();

/** @discordjs/ws's own manager on the strategy, without discord.js's client around it. */
function manager(apiUrl: string, token: string) {
  const rest = new REST({ api: apiUrl }).setToken(token);
  const built = new WebSocketManager({ token, intents: GatewayIntentBits.Guilds, rest, buildStrategy: closableSharding(ws) });
  use.track({ destroy: async () => built.destroy() });
  return built;
}

describe('closable sharding', () => {
  it('connects one shard, reports its status, and closes it as a normal close (the session ends)', async () => {
    const fake = await use.fake();
    const gateway = manager(fake.apiUrl, fake.token);
    await gateway.connect();
    expect([...(await gateway.fetchStatus())]).toEqual([[0, WebSocketShardStatus.Ready]]);
    expect(fake.liveGatewaySessions()).toBe(1);
    await gateway.destroy();
    expect([...(await gateway.fetchStatus())]).toEqual([]);
    await fake.waitFor(() => fake.gatewayConnections.every((c) => !c.open), 20_000, 'the socket to close');
    expect(fake.liveGatewaySessions()).toBe(0);
  });

  it('closes a shard that waits for READY without hanging, and it never connects again', async () => {
    const fake = await use.fake();
    fake.withholdReady();
    const gateway = manager(fake.apiUrl, fake.token);
    void gateway.connect().catch(() => undefined);
    await fake.waitFor(() => fake.gatewayConnections.some((c) => c.identified), 20_000, 'an IDENTIFY');
    await gateway.destroy();
    await fake.waitFor(() => fake.gatewayConnections.every((c) => !c.open), 20_000, 'the socket to close');
    const opened = fake.gatewayConnections.length;
    await new Promise((resolve) => setTimeout(resolve, 1500)); // past the library's 500 ms pause before a reconnect
    expect(fake.gatewayConnections.length).toBe(opened);
  });
});
