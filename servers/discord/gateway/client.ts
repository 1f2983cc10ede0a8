import { closableSharding } from './closable-sharding.js';

/**
 * A discord.js client for the one gateway connection: only the Guilds intent (button clicks and modals need no
 * privileged one), REST at `apiUrl`, and shards whose close cannot hang (closable-sharding.ts). discord.js is imported
 * here and only here (≈ 300 ms and 35 MB that notify-only processes never pay).
 */
export async function createGatewayClient(apiUrl: string) {
  const [discord, ws] = await Promise.all([import('discord.js'), import('@discordjs/ws')]);
  const client = new discord.Client({
    intents: [discord.GatewayIntentBits.Guilds],
    rest: { api: apiUrl },
    ws: { buildStrategy: closableSharding(ws) },
  });
  return { client, Events: discord.Events };
}
