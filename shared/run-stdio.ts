import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Logger } from './logger.js';

export interface StdioOptions {
  log: Logger;
  /** Releases what the server holds (connections, locks, timers) before exit. */
  cleanup?: () => Promise<void> | void;
}

/**
 * Serves `server` on stdin/stdout and exits cleanly when the client goes away: stdin closing (Claude Code
 * ending the session), SIGTERM or SIGINT all close the server, run cleanup, flush the log and exit 0.
 */
export async function runStdio(server: McpServer, { log, cleanup }: StdioOptions): Promise<void> {
  let closing = false;
  const shutdown = async (reason: string): Promise<void> => {
    if (closing) return;
    closing = true;
    log.info({ reason }, 'shutting down');
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    try {
      await cleanup?.();
      await server.close();
    } catch (error) {
      log.error({ err: error }, 'error during shutdown');
    } finally {
      log.flush();
      process.exit(0);
    }
  };
  process.stdin.once('end', () => void shutdown('stdin closed'));
  process.stdin.once('close', () => void shutdown('stdin closed'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await server.connect(new StdioServerTransport());
  log.info('ready');
}
