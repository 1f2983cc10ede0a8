import { describe, expect, it } from 'vitest';
import { useFakes } from '../../../testing/discord-fake/test-fixtures.js';
import { createLogger } from '../../../shared/logger.js';
import { connectGateway } from './connection.js';

const log = createLogger('test', { LOG_LEVEL: 'silent' });
const use = useFakes();

describe('connectGateway (issue 18 items 1 and 9)', () => {
  it('a refused login fails the call and leaves no timer behind to reject later (the process survives)', async () => {
    const fake = await use.fake();
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const readyTimeoutMs = 300;
      await expect(
        connectGateway({
          apiUrl: fake.apiUrl,
          token: `${fake.token}x`,
          log,
          readyTimeoutMs,
          onInteraction: async () => undefined,
          onLost: () => undefined,
        }),
      ).rejects.toThrow();
      // Past the moment the old ready timer would have fired: nothing may reject unobserved.
      await new Promise((resolve) => setTimeout(resolve, readyTimeoutMs * 3));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('reports a gateway Discord closed for good (revoked token) instead of sitting dead', async () => {
    const fake = await use.fake();
    const lost: string[] = [];
    const connection = await connectGateway({
      apiUrl: fake.apiUrl,
      token: fake.token,
      log,
      onInteraction: async () => undefined,
      onLost: (reason) => lost.push(reason),
    });
    use.track({ destroy: () => connection.close() });
    fake.closeGateway(4004, 'Authentication failed');
    await fake.waitFor(() => lost.length > 0, 20_000, 'the lost gateway to be reported');
    expect(lost[0]).toMatch(/4004/);
  });

  it('a gateway that never sends READY fails the call, and no session is left reconnecting behind it', async () => {
    const fake = await use.fake();
    fake.withholdReady();
    // discord.js's destroy during its own wait for READY used to hang for good and leave a shard reconnecting
    await expect(
      connectGateway({
        apiUrl: fake.apiUrl,
        token: fake.token,
        log,
        readyTimeoutMs: 300,
        onInteraction: async () => undefined,
        onLost: () => undefined,
      }),
    ).rejects.toThrow(/did not become ready in time/);
    await fake.waitFor(() => fake.gatewayConnections.every((c) => !c.open), 20_000, 'the socket to be closed');
    const opened = fake.gatewayConnections.length;
    // past discord.js's 500 ms pause before a reconnect: no new socket may open
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(fake.gatewayConnections.length).toBe(opened);
  });
});
