import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Adds patterns to `<git common dir>/info/exclude` once each: local to this clone, never the user's .gitignore. */
export async function ensureGitExcludes(gitCommonDir: string, patterns: string[]): Promise<void> {
  const file = join(gitCommonDir, 'info', 'exclude');
  const current = await readFile(file, 'utf8').catch(() => '');
  const lines = new Set(current.split('\n').map((l) => l.trim()));
  const missing = patterns.filter((p) => !lines.has(p));
  if (missing.length === 0) return;
  await mkdir(join(gitCommonDir, 'info'), { recursive: true });
  const prefix = current && !current.endsWith('\n') ? '\n' : '';
  await appendFile(file, `${prefix}${missing.join('\n')}\n`);
}
