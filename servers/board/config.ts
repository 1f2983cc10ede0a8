import * as z from 'zod';
import { type Env, optionalPositiveInt, parseEnv, positiveInt } from '../../shared/env.js';

const absolutePath = z.string().refine((p) => p.startsWith('/'), { message: 'must be an absolute path' });

const BOARD_ENV = {
  BOARD_PROJECT_DIR: absolutePath.optional(),
  BOARD_LEASE_MINUTES: positiveInt(30, 24 * 60),
  BOARD_MAX_IN_PROGRESS: optionalPositiveInt(1000),
  BOARD_WORKTREES_DIR: z.string().optional(),
  BOARD_BASE_BRANCH: z.string().max(200).optional(),
  BOARD_VERIFY_COMMAND: z.string().max(2000).optional(),
  BOARD_VERIFY_TIMEOUT_S: positiveInt(900, 24 * 3600),
  ALLOWED_ROOT_DIRECTORY: absolutePath.optional(),
};

export interface BoardConfig {
  /** Where to look for the repository: BOARD_PROJECT_DIR, else the server's working directory. */
  projectDir: string;
  leaseMs: number;
  maxInProgress?: number;
  worktreesDir?: string;
  baseBranch?: string;
  verifyCommand?: string;
  verifyTimeoutMs: number;
  allowedRoot?: string;
}

export function loadBoardConfig(env: Env, cwd: string): BoardConfig {
  const parsed = parseEnv(BOARD_ENV, env);
  return {
    projectDir: parsed.BOARD_PROJECT_DIR ?? cwd,
    leaseMs: parsed.BOARD_LEASE_MINUTES * 60_000,
    ...(parsed.BOARD_MAX_IN_PROGRESS !== undefined ? { maxInProgress: parsed.BOARD_MAX_IN_PROGRESS } : {}),
    ...(parsed.BOARD_WORKTREES_DIR ? { worktreesDir: parsed.BOARD_WORKTREES_DIR } : {}),
    ...(parsed.BOARD_BASE_BRANCH ? { baseBranch: parsed.BOARD_BASE_BRANCH } : {}),
    ...(parsed.BOARD_VERIFY_COMMAND ? { verifyCommand: parsed.BOARD_VERIFY_COMMAND } : {}),
    verifyTimeoutMs: parsed.BOARD_VERIFY_TIMEOUT_S * 1000,
    ...(parsed.ALLOWED_ROOT_DIRECTORY ? { allowedRoot: parsed.ALLOWED_ROOT_DIRECTORY } : {}),
  };
}
