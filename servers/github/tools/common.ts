import * as z from 'zod';
import { READ } from '../../../shared/define-tool.js';

// Every limit the handlers enforce is a JSON Schema keyword (integer, minimum, maxLength, pattern) in the listed
// schema, so the model sees it instead of learning it from a refusal.

const BRANCH = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!\/)(?!.*\/$)(?!.*\.lock$)[A-Za-z0-9._/-]{1,200}$/;
// GitHub's naming rules (repo.ts): owner 1–39 alphanumerics or inner single hyphens; name 1–100 of [A-Za-z0-9._-],
// never `.`, `..` or ending in `.git`.
const REPO = /^(?!-)(?![^/]*(?:--|-\/))[A-Za-z0-9-]{1,39}\/(?!\.\.?$)(?!.*\.git$)[\w.-]{1,100}$/;

/** A positive whole number (comment ids, lines), up to `max`. */
export const positiveInt = (max = Number.MAX_SAFE_INTEGER) =>
  z.number().int('must be a positive whole number').min(1, 'must be a positive whole number').max(max, `must be at most ${max}`);
/** A PR or issue number: GitHub's GraphQL types it Int (32 bits). */
export const issueNumber = () => positiveInt(2_147_483_647);
/** Non-blank text up to `max` characters. */
export const text = (max: number) => z.string().max(max, `must be 1–${max} characters`).regex(/\S/, 'must not be blank');
/** Branch names git accepts, without the ones that could be read as options or ranges. */
export const branchName = z.string().max(200).regex(BRANCH, 'not a valid branch name');
export const login = z
  .string()
  .max(39)
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/, 'not a GitHub login');
export const labelName = text(50);
/** A commit sha, full or abbreviated. */
export const shaField = (min: number) =>
  z
    .string()
    .max(40)
    .regex(new RegExp(`^[0-9a-f]{${min},40}$`), min === 40 ? 'must be the full 40-character sha' : 'must be a hex commit sha');

export const repoField = z.string().max(140).regex(REPO, 'must be owner/name').optional().describe('Other repo (owner/name)');
export const prNumber = issueNumber().describe('PR number');
export const limitField = z.number().int().min(1).max(50).optional().describe('Rows (default 20, max 50)');
export const cursorField = z
  .string()
  .max(9)
  .regex(/^[1-9][0-9]{0,4}:[0-9]{1,3}$/, 'must be a nextCursor this tool returned')
  .optional()
  .describe('nextCursor of the previous page');

/** Reads that call GitHub. */
export const REMOTE_READ = { ...READ, openWorldHint: true };
export const REMOTE_WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };

/** Truncates one line of GitHub text (titles, names). */
export function line(value: string | null | undefined, max = 120): string {
  const flat = (value ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
