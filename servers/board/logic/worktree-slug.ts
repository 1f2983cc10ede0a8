import { InputError } from '../../../shared/errors.js';
import { featureSlug, slugFromBranch } from '../git/sanitize.js';
import type { Feature } from '../store/feature.js';

/**
 * The one derivation of a feature's worktree slug: the branch recorded on the feature when it is one of ours
 * (`feature/<valid slug>`), else the sanitised title and id. Branch and folder both follow from the slug.
 */
export function worktreeSlug(feature: Feature): string {
  if (feature.branchName) {
    try {
      return slugFromBranch(feature.branchName);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
  }
  return featureSlug(feature.id, feature.title);
}
