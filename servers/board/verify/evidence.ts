/**
 * Verification evidence: what `feature_verify` records on a feature, and the freshness rule for `review`.
 *
 * API
 *   verifyWorktree({ command, cwd, timeoutMs, signal?, onOutput?, now? }) → VerificationEvidence
 *     reads the worktree's HEAD and cleanliness before the run, runs the check (runCheck), and reads them again:
 *     evidence is tied to the head the check started on; `clean` is false when tracked files were modified or
 *     untracked files existed before or after the run, or HEAD moved during it (the check did not test exactly
 *     headSha then).
 *   isFreshEvidence(evidence | undefined, currentHead) → boolean
 *     passed, for this very head, and taken on a clean worktree. A new commit makes old evidence stale.
 */
import { git } from '../git/run-git.js';
import type { VerificationEvidence as StoredEvidence } from '../store/feature.js';
import { runCheck } from './run-check.js';

/** The evidence a run of ours writes: protoMaker's shape plus what makes it trustworthy (store/feature.ts says why). */
export interface VerificationEvidence extends StoredEvidence {
  ranAt: string;
  durationMs: number;
  output: string;
  exitCode: number | null;
  headSha: string;
  timedOut: boolean;
  clean: boolean;
}

export interface VerifyOptions {
  command: string;
  cwd: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onOutput?: (chunk: string) => void;
  now?: () => Date;
}

export async function verifyWorktree(opts: VerifyOptions): Promise<VerificationEvidence> {
  const before = await snapshot(opts.cwd);
  const result = await runCheck({
    command: opts.command,
    cwd: opts.cwd,
    timeoutMs: opts.timeoutMs,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onOutput ? { onOutput: opts.onOutput } : {}),
  });
  const after = await snapshot(opts.cwd);
  return {
    command: opts.command,
    passed: result.passed,
    ranAt: (opts.now?.() ?? new Date()).toISOString(),
    durationMs: result.durationMs,
    output: result.outputTail,
    exitCode: result.exitCode,
    headSha: before.head,
    timedOut: result.timedOut,
    clean: before.clean && after.clean && before.head === after.head,
  };
}

/** Evidence without a headSha (protoMaker's runs record none) is never fresh: it cannot say which commit passed. */
export function isFreshEvidence(evidence: Pick<StoredEvidence, 'passed' | 'headSha' | 'clean'> | undefined, currentHead: string): boolean {
  return (
    evidence !== undefined &&
    evidence.passed === true &&
    typeof evidence.headSha === 'string' &&
    evidence.headSha === currentHead &&
    evidence.clean !== false
  );
}

async function snapshot(cwd: string): Promise<{ head: string; clean: boolean }> {
  const out = await git(cwd, ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal']);
  let head = '';
  let clean = true;
  for (const record of out.split('\0')) {
    if (record.startsWith('# branch.oid ')) head = record.slice('# branch.oid '.length);
    else if (record && !record.startsWith('#')) clean = false;
  }
  return { head, clean };
}
