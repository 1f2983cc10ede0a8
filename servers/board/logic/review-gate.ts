import { ConflictError } from '../../../shared/errors.js';
import type { BoardDeps } from '../deps.js';
import { type Feature, evidenceTime } from '../store/feature.js';
import { safeLine } from '../tools/text.js';
import { isFreshEvidence } from '../verify/evidence.js';
import { worktreeBranch } from './worktree-slug.js';

/**
 * Review needs evidence, not a claim: when a check command is configured, the feature's branch head must carry a
 * passing verification. A commit after the verification makes it stale.
 */
export async function assertFreshEvidence(deps: BoardDeps, feature: Feature): Promise<void> {
  if (!(await deps.verifyCommand())) return;
  const evidence = feature.verificationEvidence;
  if (!feature.branchName) {
    throw new ConflictError(
      `Feature ${feature.id} has no worktree to verify; create one (worktree_create), commit, then run feature_verify.`,
    );
  }
  if (!evidence) throw new ConflictError(`Feature ${feature.id} has no verification; run feature_verify before moving it to review.`);
  if (!evidence.passed) {
    throw new ConflictError(
      `Feature ${feature.id}'s last verification failed (exit ${evidence.exitCode ?? '?'}); fix it and run feature_verify again.`,
    );
  }
  if (typeof evidence.headSha !== 'string') {
    throw new ConflictError(
      `Feature ${feature.id}'s verification${evidenceTime(evidence) ? ` (${safeLine(evidenceTime(evidence) ?? '', 40)})` : ''} names no commit (the app records none); run feature_verify so review is tied to the branch's head.`,
    );
  }
  if ((evidence as { clean?: boolean }).clean === false) {
    throw new ConflictError(
      `Feature ${feature.id}'s verification ran with uncommitted changes in the worktree; commit them and run feature_verify again.`,
    );
  }
  const head = await (await deps.worktrees()).headSha(worktreeBranch(feature));
  if (!isFreshEvidence(evidence, head)) {
    throw new ConflictError(
      `Feature ${feature.id}'s verification is stale: it passed on ${evidence.headSha.slice(0, 12)} but the branch is now at ${head.slice(0, 12)}; run feature_verify again.`,
    );
  }
}
