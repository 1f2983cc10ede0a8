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
 * When the transport gives up on its own — a request line over the SDK's 10 MB buffer makes it stop reading
 * stdin — the server would live on, deaf: it exits with code 1 instead, the transport's reason logged on stderr.
 */
export async function runStdio(server: McpServer, { log, cleanup }: StdioOptions): Promise<void> {
  let closing = false;
  const shutdown = async (reason: string, exitCode = 0): Promise<void> => {
    if (closing) return;
    closing = true;
    if (exitCode === 0) log.info({ reason }, 'shutting down');
    else log.error({ reason }, 'shutting down: the transport stopped reading requests');
    const force = setTimeout(() => process.exit(exitCode), 3000);
    force.unref();
    try {
      await cleanup?.();
      await server.close();
    } catch (error) {
      log.error({ err: error }, 'error during shutdown');
    } finally {
      log.flush();
      process.exit(exitCode);
    }
  };
  process.stdin.once('end', () => void shutdown('stdin closed'));
  process.stdin.once('close', () => void shutdown('stdin closed'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  // A broken stdout (the client went away mid-write) would crash the process with its connections and locks still
  // held; it ends the session like stdin closing.
  process.stdout.on('error', (error) => {
    log.warn({ err: error }, 'stdout failed; shutting down');
    void shutdown('stdout failed');
  });
  const transport = new StdioServerTransport();
  let lastError: Error | undefined;
  transport.onerror = (error) => {
    lastError = error;
  };
  transport.onclose = () => {
    if (!closing) void shutdown(lastError?.message ?? 'the stdio transport closed', 1);
  };
  await server.connect(transport);
  log.info('ready');
}
