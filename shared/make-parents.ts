import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * mkdir -p, one level at a time: Node's recursive mkdir spins forever where a level cannot be made (under /proc, for
 * one), so a bad LOG_FILE or audit path would hang the server instead of failing with ENOENT.
 */
export function makeParents(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
  for (const d of missing) mkdirSync(d, mode === undefined ? undefined : { mode });
}
