// Merge gates computed the way GitHub reports them: the check rollup, review decision, required checks and the
// pull's mergeStateStatus.
import type { FakeCheckRun, FakePull, FakeReview, FakeState } from './state.js';

export function rollupState(s: FakeState, sha: string): 'SUCCESS' | 'FAILURE' | 'PENDING' | 'ERROR' | null {
  const checks = s.checkRuns.filter((c) => c.headSha === sha);
  const statuses = s.statuses.filter((st) => st.sha === sha);
  if (checks.length + statuses.length === 0) return null;
  if (checks.some((c) => isFailing(c)) || statuses.some((st) => st.state === 'failure' || st.state === 'error')) {
    return 'FAILURE';
  }
  if (checks.some((c) => c.status !== 'completed') || statuses.some((st) => st.state === 'pending')) return 'PENDING';
  return 'SUCCESS';
}

export function isFailing(c: FakeCheckRun): boolean {
  return c.status === 'completed' && ['failure', 'cancelled', 'timed_out', 'action_required'].includes(c.conclusion ?? '');
}

/** Latest non-COMMENTED review of each reviewer. */
export function latestOpinions(s: FakeState, pullNumber: number): FakeReview[] {
  const byAuthor = new Map<string, FakeReview>();
  for (const r of s.reviews.filter((r) => r.pullNumber === pullNumber)) {
    if (r.state === 'COMMENTED' || r.state === 'PENDING') continue;
    byAuthor.set(r.author, r);
  }
  return [...byAuthor.values()];
}

/** GitHub leaves the decision null when no review rule applies to the base branch, whatever the reviews say. */
export function reviewDecision(s: FakeState, p: FakePull): 'APPROVED' | 'CHANGES_REQUESTED' | 'REVIEW_REQUIRED' | null {
  if (!s.requireApproval) return null;
  const opinions = latestOpinions(s, p.number);
  if (opinions.some((r) => r.state === 'CHANGES_REQUESTED')) return 'CHANGES_REQUESTED';
  if (opinions.some((r) => r.state === 'APPROVED')) return 'APPROVED';
  return 'REVIEW_REQUIRED';
}

/** Required by branch protection: flagged on the check itself, or named in the protection's required checks. */
export function isRequiredCheck(s: FakeState, name: string, flagged: boolean): boolean {
  return flagged || s.requiredChecks.includes(name);
}

/** `UNKNOWN` while GitHub computes mergeability (seconds after a push or a base move), then the answer. */
export function mergeableState(p: FakePull): 'MERGEABLE' | 'CONFLICTING' | 'UNKNOWN' {
  if (p.state !== 'open' || p.mergeable === null) return 'UNKNOWN';
  return p.mergeable ? 'MERGEABLE' : 'CONFLICTING';
}

/**
 * Names of the required checks that fail or are still pending on the pull's head; `expected` are required checks
 * not reported at all yet (common right after a push): GitHub blocks on them but the rollup does not list them.
 */
export function requiredProblems(s: FakeState, p: FakePull): { failing: string[]; pending: string[]; expected: string[] } {
  const failing: string[] = [];
  const pending: string[] = [];
  const seen = new Set<string>();
  for (const c of s.checkRuns.filter((c) => c.headSha === p.headSha && isRequiredCheck(s, c.name, c.required))) {
    seen.add(c.name);
    if (c.status !== 'completed') pending.push(c.name);
    else if (isFailing(c)) failing.push(c.name);
  }
  for (const st of s.statuses.filter((st) => st.sha === p.headSha && isRequiredCheck(s, st.context, st.required))) {
    seen.add(st.context);
    if (st.state === 'pending') pending.push(st.context);
    else if (st.state !== 'success') failing.push(st.context);
  }
  return { failing, pending, expected: s.requiredChecks.filter((name) => !seen.has(name)) };
}

export function mergeStateStatus(s: FakeState, p: FakePull): string {
  if (p.mergeable === null) return 'UNKNOWN';
  if (p.draft) return 'DRAFT';
  if (!p.mergeable) return 'DIRTY';
  const required = requiredProblems(s, p);
  const decision = reviewDecision(s, p);
  if (required.failing.length + required.pending.length + required.expected.length > 0) return 'BLOCKED';
  if (decision === 'CHANGES_REQUESTED' || decision === 'REVIEW_REQUIRED') return 'BLOCKED';
  const rollup = rollupState(s, p.headSha);
  if (rollup === 'FAILURE' || rollup === 'PENDING') return 'UNSTABLE';
  return 'CLEAN';
}
