import { afterEach } from 'vitest';
import { startDiscordFake, type DiscordFake, type DiscordFakeOptions } from './index.js';

/** Fakes and discord.js clients a test file starts, closed after each test. */
export function useFakes() {
  const fakes: DiscordFake[] = [];
  const clients: Array<{ destroy(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
    await Promise.all(fakes.splice(0).map((f) => f.close()));
  });
  return {
    async fake(options: DiscordFakeOptions = {}): Promise<DiscordFake> {
      const fake = await startDiscordFake(options);
      fakes.push(fake);
      return fake;
    },
    track<T extends { destroy(): Promise<void> }>(client: T): T {
      clients.push(client);
      return client;
    },
  };
}
