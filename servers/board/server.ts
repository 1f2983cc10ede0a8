import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createToolServer } from '../../shared/tool-server.js';
import { VERSION } from '../../shared/version.js';
import type { BoardDeps } from './deps.js';
import { BOARD_INSTRUCTIONS } from './instructions.js';
import { registerBoardPrompts } from './prompts.js';
import { registerBoardResources } from './resources.js';
import { boardTools } from './tools/index.js';

export function createBoardServer(deps: BoardDeps): McpServer {
  const server = createToolServer({
    name: 'protolabs-board',
    version: VERSION,
    instructions: BOARD_INSTRUCTIONS,
    tools: boardTools,
    deps,
    log: deps.log,
  });
  registerBoardResources(server, deps);
  registerBoardPrompts(server, deps);
  // The repository is located (two git processes; nothing of the board is read) as soon as the client has
  // initialized: Claude Code does that when the session starts, long before the model's first call. A failure is
  // not kept (deps.board() tries again on that call and answers it).
  const initialized = server.server.oninitialized;
  server.server.oninitialized = () => {
    initialized?.();
    deps.board().catch(() => undefined);
  };
  const closed = server.server.onclose;
  server.server.onclose = () => {
    closed?.();
    void deps.close();
  };
  return server;
}
