import * as z from 'zod';
import { READ } from '../../../shared/define-tool.js';

// Constraints are refinements, not JSON-schema keywords: they are enforced the same, but cost no tokens in the
// tools/list Claude reads on every turn (a branch-name regex repeated in six tools was ~600 bytes).

const BRANCH = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!\/)(?!.*\/$)(?!.*\.lock$)[A-Za-z0-9._/-]{1,200}$/;

/** A positive whole number (PR, issue, comment ids). */
export const positiveInt = () => z.number().refine((n) => Number.isSafeInteger(n) && n > 0, 'must be a positive whole number');
/** Non-blank text up to `max` characters. */
export const text = (max: number) => z.string().refine((s) => s.trim().length > 0 && s.length <= max, `must be 1–${max} characters, not blank`);
/** Branch names git accepts, without the ones that could be read as options or ranges. */
export const branchName = z.string().refine((s) => BRANCH.test(s), 'not a valid branch name');
export const login = z.string().refine((s) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(s), 'not a GitHub login');
export const labelName = text(50);

export const repoField = z.string().optional().describe('Other repo (owner/name)');
export const prNumber = positiveInt().describe('PR number');
export const limitField = z.number().refine((n) => Number.isInteger(n) && n >= 1 && n <= 50, 'must be 1–50').optional().describe('Rows (default 20, max 50)');
export const cursorField = z.string().optional().describe('nextCursor of the previous page');

/** Reads that call GitHub. */
export const REMOTE_READ = { ...READ, openWorldHint: true };
export const REMOTE_WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };

/** Truncates one line of GitHub text (titles, names). */
export function line(value: string | null | undefined, max = 120): string {
  const flat = (value ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
