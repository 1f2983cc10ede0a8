// The one shape of the servers' in-process test harnesses (servers/*/test/harness.ts): a real MCP client in
// front of the server (`call`, `client`), the loopback fake behind it where the harness starts one (`fake`),
// and one `close` for all of it.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { connectInMemory, type Connected } from './mcp-client.js';

export interface ServerHarness<Fake> extends Connected {
  fake: Fake;
}

/** Connects a client to `server`; `close` closes client and server, then runs `after` (the fake, temporary files). */
export async function connectHarness<Fake>(server: McpServer, fake: Fake, after: () => Promise<void> | void): Promise<ServerHarness<Fake>> {
  const connected = await connectInMemory(server);
  return {
    ...connected,
    fake,
    async close() {
      await connected.close();
      await after();
    },
  };
}
