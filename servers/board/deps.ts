import type { Logger } from '../../shared/logger.js';
import type { BoardConfig } from './config.js';
import type { Actor } from './logic/transitions.js';
import { type BoardLocation, locateBoard } from './store/board-location.js';
import type { Feature } from './store/feature.js';
import { FeatureStore } from './store/feature-store.js';

export interface Board {
  location: BoardLocation;
  store: FeatureStore;
}

export interface BoardDeps {
  config: BoardConfig;
  actor: Actor;
  clock: () => number;
  log: Logger;
  /** The board of the configured repository, located on first use (no git call at start-up). */
  board(): Promise<Board>;
  /** Runs after a claim is recorded (outside the lock): sets up the feature's worktree. */
  afterClaim(feature: Feature): Promise<Feature>;
  /** Throws unless the feature may enter review (fresh passing verification when a check command is configured). */
  assertReviewReady(feature: Feature): Promise<void>;
}

export interface BoardDepsOptions {
  config: BoardConfig;
  /** A malformed environment: every tool call answers with it (the server still starts and lists its tools). */
  configError?: Error;
  actor: Actor;
  log: Logger;
  clock?: () => number;
}

export function createBoardDeps(options: BoardDepsOptions): BoardDeps {
  let board: Promise<Board> | undefined;
  return {
    config: options.config,
    actor: options.actor,
    clock: options.clock ?? Date.now,
    log: options.log,
    board() {
      if (options.configError) return Promise.reject(options.configError);
      board ??= locateBoard(options.config.projectDir, options.config.allowedRoot).then((location) => ({
        location,
        store: new FeatureStore(location),
      }));
      board.catch(() => {
        board = undefined; // a repository created later is found on the next call
      });
      return board;
    },
    afterClaim: async (feature) => feature,
    assertReviewReady: async () => undefined,
  };
}
