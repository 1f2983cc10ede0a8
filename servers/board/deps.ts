import { isAbsolute, join } from 'node:path';
import type { Logger } from '../../shared/logger.js';
import type { WorktreeManager } from './git/worktrees.js';
import { VerificationJobs } from './verify/jobs.js';
import type { VerificationEvidence } from './verify/evidence.js';
import type { BoardConfig } from './config.js';
import type { Actor } from './logic/transitions.js';
import { type BoardLocation, locateBoard } from './store/board-location.js';
import type { Feature } from './store/feature.js';
import { FeatureStore } from './store/feature-store.js';
import { readBoardSettings } from './store/board-settings.js';
import { assertFreshEvidence } from './logic/review-gate.js';

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
  /** The repository's worktree manager (git is loaded on first use). */
  worktrees(): Promise<WorktreeManager>;
  /** Stops the board's background work (its check of outside edits), when it was started. */
  close(): Promise<void>;
  /** The check command: BOARD_VERIFY_COMMAND, else .automaker/settings.json (board-settings.ts) — never tool input. */
  verifyCommand(): Promise<string | undefined>;
  /** Background verification runs of this process, keyed by feature id. */
  verifications: VerificationJobs<VerificationRun>;
  /** How long one feature_verify call waits before answering "running" (~45 s, well under client timeouts). */
  verifyWaitMs: number;
  /** Throws unless the feature may enter review (fresh passing verification when a check command is configured). */
  assertReviewReady(feature: Feature): Promise<void>;
}

export interface VerificationRun extends VerificationEvidence {
  /** Set once the outcome is written to the feature. */
  recorded?: boolean;
}

export interface BoardDepsOptions {
  config: BoardConfig;
  /** A malformed environment: every tool call answers with it (the server still starts and lists its tools). */
  configError?: Error;
  actor: Actor;
  log: Logger;
  clock?: () => number;
  verifyWaitMs?: number;
}

export function createBoardDeps(options: BoardDepsOptions): BoardDeps {
  let board: Promise<Board> | undefined;
  let worktrees: Promise<WorktreeManager> | undefined;
  const deps: BoardDeps = {
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
    async close() {
      const opened = await board?.catch(() => undefined);
      await opened?.store.close();
    },
    worktrees() {
      worktrees ??= (async () => {
        const { location } = await deps.board();
        const { WorktreeManager } = await import('./git/worktrees.js');
        const dir = options.config.worktreesDir ?? '.worktrees';
        return new WorktreeManager({
          mainRoot: location.mainRoot,
          worktreesDir: isAbsolute(dir) ? dir : join(location.mainRoot, dir),
          ...(options.config.baseBranch ? { baseBranch: options.config.baseBranch } : {}),
          ...(options.config.allowedRoot ? { allowedRoot: options.config.allowedRoot } : {}),
        });
      })();
      worktrees.catch(() => {
        worktrees = undefined;
      });
      return worktrees;
    },
    async verifyCommand() {
      if (options.config.verifyCommand) return options.config.verifyCommand;
      const { location } = await deps.board();
      return (await readBoardSettings(location)).verifyCommand;
    },
    verifications: new VerificationJobs<VerificationRun>(),
    verifyWaitMs: options.verifyWaitMs ?? 45_000,
    assertReviewReady: (feature) => assertFreshEvidence(deps, feature),
  };
  return deps;
}
