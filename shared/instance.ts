import { execFileSync } from 'node:child_process';
import { basename, dirname } from 'node:path';
import type { Env } from './env.js';

/**
 * The one name every server puts on what leaves the machine (Discord posts and approvals, PR bodies, blocker
 * issues), so people and other instances can tell who did it: PROTOLABS_INSTANCE, else the repository's name
 * (the same from every worktree of it), else the working directory's name.
 */
export function instanceName(env: Env, cwd = process.cwd()): string {
  const named = env.PROTOLABS_INSTANCE?.trim();
  // Claude Code passes an unset variable through as the literal `${NAME}`: that is no name.
  const raw = named && !named.includes('${') ? named : (repositoryName(cwd) ?? basename(cwd));
  return clean(raw) || 'instance';
}

/** One short token: it lands in markdown, Discord text and hidden markers, so nothing that could format or break a line. */
function clean(name: string): string {
  return name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 64);
}

function repositoryName(cwd: string): string | undefined {
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
    if (!common) return undefined;
    // A checkout's common dir is <repo>/.git; a bare repository's is the repository itself (name.git).
    return basename(common) === '.git' ? basename(dirname(common)) : basename(common).replace(/\.git$/, '');
  } catch {
    return undefined;
  }
}
