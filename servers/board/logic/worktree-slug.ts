import { InputError } from '../../../shared/errors.js';
import { assertSafeBranchName, featureBranch, featureSlug } from '../git/sanitize.js';
import type { Feature } from '../store/feature.js';

/**
 * The one derivation of a feature's branch: the branchName recorded on the feature when it is a valid branch name
 * (ours `feature/<slug>`, or what the apps write: `fix/…`, `chore/…`, `docs/…`, even the base branch itself), else
 * `feature/<sanitised title and id>`. The worktree folder follows from the branch (worktreeFolderName).
 */
export function worktreeBranch(feature: Feature): string {
  if (feature.branchName) {
    try {
      assertSafeBranchName(feature.branchName);
      return feature.branchName;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
  }
  return featureBranch(featureSlug(feature.id, feature.title));
}
