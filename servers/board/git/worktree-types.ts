/**
 * The shapes WorktreeManager takes and returns (re-exported from worktrees.ts), and WorktreeContext: the part of
 * the manager its flows (create, list/status, merge, remove) work through.
 */
import type { MergeStrategy } from './merge.js';
import type { RepoLocation } from './repo.js';

export interface WorktreeConfig {
  mainRoot: string;
  worktreesDir: string;
  baseBranch?: string;
  allowedRoot?: string;
  /** How long fetching the base from its remote may take (default FETCH_TIMEOUT_MS). */
  fetchTimeoutMs?: number;
}

export interface Progress {
  signal?: AbortSignal;
  progress?: (done: number, total: number, message: string) => void;
}

export interface EnsuredWorktree {
  path: string;
  branch: string;
  base: string;
  baseSha: string;
  /** What a new branch forked from: `origin/main` after a fetch, else the local base. */
  from: string;
  created: boolean;
  /** Things the model should know (the local base left behind, and why). */
  notes: string[];
}

export interface WorktreeListEntry {
  featureId?: string;
  path: string;
  branch?: string;
  head?: string;
  dirtyFiles: number;
  ahead: number;
  behind: number;
  lastCommitAgeSeconds?: number;
  locked?: string;
  orphan?: 'no-feature' | 'folder-missing';
}

export interface ChangedFile {
  path: string;
  status: string;
  added: number;
  removed: number;
}

export interface WorktreeStatus {
  branch: string;
  path: string;
  head: string;
  base: string;
  changed: ChangedFile[];
  uncommitted: string[];
  untracked: string[];
  ahead: number;
  behind: number;
  mergesCleanly: boolean;
  conflicts: string[];
}

export interface MergeResult {
  mergeCommit: string;
  strategy: MergeStrategy;
  base: string;
  /** true when the base already contained everything (mergeCommit is then the base head). */
  upToDate: boolean;
}

/** What the flows need from the manager: its folders, the folder of a branch, the base branch and the root guard. */
export interface WorktreeContext {
  readonly mainRoot: string;
  readonly worktreesDir: string;
  readonly fetchTimeoutMs?: number;
  /** The folder a new worktree of the branch gets: `<worktreesDir>/<branch, [^a-zA-Z0-9_-] → ->`. */
  pathFor(branch: string): string;
  baseBranch(): Promise<string>;
  /** Throws when path leaves the allowed root (when one is set). */
  guard(path: string): void;
  /** The repository's location, looked up once. */
  repoLocation(): Promise<RepoLocation>;
}
