import * as z from 'zod';
import { READ } from '../../../shared/define-tool.js';

export const repoField = z.string().max(140).optional().describe('owner/name (default: this repo)');
export const prNumber = z.number().int().positive().describe('PR number');
export const limitField = z.number().int().min(1).max(100).optional().describe('Max rows (default 20)');
export const cursorField = z.string().max(40).optional().describe('From the previous page');
/** Branch names git accepts, without the ones that could be read as options or ranges. */
export const branchName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^(?!-)(?!.*\.\.)(?!.*\/\/)(?!\/)(?!.*\/$)(?!.*\.lock$)[A-Za-z0-9._/-]+$/, 'not a valid branch name');

/** Reads that call GitHub. */
export const REMOTE_READ = { ...READ, openWorldHint: true };
export const REMOTE_WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };

/** Truncates one line of GitHub text (titles, names). */
export function line(text: string | null | undefined, max = 120): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
