// Runs a TypeScript file of this repository from a script: bundled by esbuild into node_modules/.cache (packages
// stay external), run with this Node, removed afterwards.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** `entry` is a path under the repository; `args` go to the script; its output goes to this process's. */
export async function runTs(entry, args = []) {
  const cache = join(root, 'node_modules', '.cache', 'run-ts');
  mkdirSync(cache, { recursive: true });
  const bundle = join(cache, `${entry.replace(/\W+/g, '-')}-${process.pid}.mjs`);
  try {
    await build({
      entryPoints: [join(root, entry)],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'error',
    });
    execFileSync(process.execPath, [bundle, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
  } finally {
    rmSync(bundle, { force: true });
  }
}
