import { parseArgs } from 'node:util';
import { locateBoard } from '../../servers/board/store/board-location.js';
import { FeatureStore } from '../../servers/board/store/feature-store.js';
import { ToolError } from '../../shared/errors.js';
import { stateDir } from '../../shared/state-dir.js';
import { startBoardWeb } from './http-server.js';

export const BOARD_WEB_OPTIONS = {
  web: { type: 'boolean' },
  port: { type: 'string' },
} as const;

/** `protolabs-mcp board --web [--port N]`: serves the board on 127.0.0.1 until stopped (Ctrl-C). */
export async function runBoardWeb(args: string[], cwd: string): Promise<number> {
  let port = 0;
  try {
    const { values } = parseArgs({ args, options: BOARD_WEB_OPTIONS, strict: true });
    if (values.port !== undefined) {
      if (!/^\d{1,5}$/.test(values.port) || Number(values.port) < 1 || Number(values.port) > 65_535)
        throw new Error('--port must be a number from 1 to 65535');
      port = Number(values.port);
    }
  } catch (error) {
    process.stderr.write(`protolabs-mcp board: ${(error as Error).message} (use --web [--port N])\n`);
    return 2;
  }
  const store = await locateBoard(cwd).then(
    (location) => new FeatureStore(location),
    (error: unknown) => {
      if (error instanceof ToolError) return error;
      throw error;
    },
  );
  if (store instanceof ToolError) {
    process.stderr.write(`protolabs-mcp board: ${store.message}\n`);
    return 1;
  }
  let web: Awaited<ReturnType<typeof startBoardWeb>>;
  try {
    web = await startBoardWeb({ store, stateDir: stateDir(process.env), port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      `protolabs-mcp board: ${code === 'EADDRINUSE' ? `port ${port} is in use; pick another with --port or leave it out for a free one` : (error as Error).message}\n`,
    );
    await store.close();
    return 1;
  }
  process.stdout.write(`The board of ${store.location.mainRoot} is at ${web.url} (read-only, this machine only; Ctrl-C stops it)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await web.close();
  await store.close();
  return 0;
}
