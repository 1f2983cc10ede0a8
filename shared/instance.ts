import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
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

/**
 * The repository's name, read from the files (no git process on the start-up path): the folder holding `.git`, or for
 * a linked worktree (`.git` a file pointing into `<repo>/.git/worktrees/`) the repository it belongs to.
 */
function repositoryName(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    const info = statSync(dotGit, { throwIfNoEntry: false });
    if (info?.isDirectory()) return basename(dir);
    if (info?.isFile()) {
      const gitdir = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      const marker = `${sep}.git${sep}worktrees${sep}`;
      const at = gitdir ? resolve(dir, gitdir).lastIndexOf(marker) : -1;
      return gitdir && at >= 0 ? basename(resolve(dir, gitdir).slice(0, at)) : basename(dir);
    }
    if (dirname(dir) === dir) return undefined;
  }
}
