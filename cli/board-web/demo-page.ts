import { locateBoard } from '../../servers/board/store/board-location.js';
import { FeatureStore } from '../../servers/board/store/feature-store.js';
import { startBoardWeb } from './http-server.js';

export interface DemoPage {
  url: string;
  /** Resolves on Ctrl-C (or SIGTERM): the page stays up on the finished board until then. */
  untilStopped(): Promise<void>;
  close(): Promise<void>;
}

/** `protolabs-mcp demo --web`: the scratch board as a live page, with the approvals of the demo's discord server. */
export async function openDemoPage(repo: string, stateDir: string): Promise<DemoPage> {
  const store = new FeatureStore(await locateBoard(repo));
  const web = await startBoardWeb({ store, stateDir });
  return {
    url: web.url,
    untilStopped: () =>
      new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      }),
    async close() {
      await web.close();
      await store.close();
    },
  };
}
