/**
 * `done` means merged, on every road to it. feature_finish (merged upstream) and worktree_merge (merged locally) mark a
 * feature done themselves; feature_move and
 * feature_release accept done only for a feature that never had a branch and carries a passing verification of the
 * base's current head — anything else only with force and a reason, which goes into the feature's history.
 */
import { ConflictError, InputError } from '../../../shared/errors.js';
import type { BoardDeps } from '../deps.js';
import { branchShas } from '../git/worktree-lookups.js';
import type { Feature } from '../store/feature.js';
import { isFreshEvidence } from '../verify/evidence.js';

/** Returns the history reason for the move to done, or throws the sentence saying how to get there. */
export async function doneReason(
  deps: BoardDeps,
  feature: Feature,
  opts: { force: boolean; reason?: string },
): Promise<string | undefined> {
  if (opts.force) {
    if (!opts.reason) throw new InputError('Forcing a feature to done needs a reason; it is recorded in the feature’s history.');
    return `forced to done without a merge: ${opts.reason}`;
  }
  if (feature.branchName) {
    throw new ConflictError(
      `Feature ${feature.id} is not merged: done means merged, so once its PR is merged call feature_finish (without a remote: worktree_merge), which marks it done; or pass force with a reason.`,
    );
  }
  const manager = await deps.worktrees();
  const base = await manager.baseBranch();
  const head = (await branchShas(manager.mainRoot, base)).get(base) ?? '';
  if (!isFreshEvidence(feature.verificationEvidence, head)) {
    throw new ConflictError(
      `Feature ${feature.id} has no branch and no passing verification of ${base}'s current head; done needs one of the two (or force with a reason).`,
    );
  }
  return opts.reason;
}
