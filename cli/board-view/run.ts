import { summarizeBoard } from '../../servers/board/tools/board-view.js';
import { locateBoard } from '../../servers/board/store/board-location.js';
import { FeatureStore } from '../../servers/board/store/feature-store.js';
import { ToolError } from '../../shared/errors.js';
import { renderKanban } from './render.js';

const WATCH_INTERVAL_MS = 2000;

export const BOARD_VIEW_FLAGS = ['--watch', '--json', '--print', '--web'];

/** `protolabs-mcp board [--watch | --json | --print]`: the board of the repository containing the working directory. */
export async function runBoardView(args: string[], cwd = process.env.BOARD_PROJECT_DIR ?? process.cwd()): Promise<number> {
  if (args.includes('--web')) return (await import('../board-web/run.js')).runBoardWeb(args, cwd);
  const unknown = args.filter((a) => !BOARD_VIEW_FLAGS.includes(a));
  if (unknown.length) {
    process.stderr.write(`protolabs-mcp board: unknown option ${unknown[0]} (use ${BOARD_VIEW_FLAGS.join(', ')})\n`);
    return 2;
  }
  let store: FeatureStore;
  try {
    store = new FeatureStore(await locateBoard(cwd));
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    process.stderr.write(`protolabs-mcp board: ${error.message}\n`);
    return 1;
  }
  const out = process.stdout;
  const draw = async (): Promise<string> => {
    const board = await store.snapshot();
    if (args.includes('--json')) {
      return `${JSON.stringify({ ...summarizeBoard(board, Date.now()), features: [...board.features.values()] }, null, 2)}\n`;
    }
    return renderKanban(board, { color: out.isTTY === true && !process.env.NO_COLOR, width: out.columns ?? 120, now: Date.now() });
  };
  if (!args.includes('--watch')) {
    out.write(await draw());
    return 0;
  }
  for (;;) {
    const frame = await draw();
    out.write(out.isTTY ? `\u001b[2J\u001b[H${frame}` : `${frame}\n`);
    await new Promise((resolve) => setTimeout(resolve, WATCH_INTERVAL_MS));
  }
}
