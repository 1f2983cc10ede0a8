#!/usr/bin/env node
// npm run readme:tools — rewrites the README's tool lists from the servers (cli/readme/tool-lists.ts).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const cache = join(root, 'node_modules', '.cache', 'readme-tools');
mkdirSync(cache, { recursive: true });
const bundle = join(cache, `write-${process.pid}.mjs`);
try {
  await build({
    stdin: {
      contents: `import { readFileSync, writeFileSync } from 'node:fs'; import { withToolLists } from './cli/readme/tool-lists.ts';
        const file = ${JSON.stringify(join(root, 'README.md'))}; writeFileSync(file, withToolLists(readFileSync(file, 'utf8'), ${JSON.stringify(root)}));`,
      resolveDir: root,
      loader: 'ts',
    },
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
  });
  execFileSync(process.execPath, [bundle], { stdio: 'inherit' });
} finally {
  rmSync(bundle, { force: true });
}
