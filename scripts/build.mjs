#!/usr/bin/env node
// Bundles each bin into one ESM file under dist/ with esbuild (one file starts ~100 ms faster and uses less
// memory than the SDK and zod loaded module by module). Heavy clients stay external and are imported lazily,
// on the first tool call that needs them. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { chmod, cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const quiet = process.argv.includes('--quiet');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

// Every folder under servers/ with a main.ts is a server (shared/servers.ts names the same list; a test checks).
const entries = {
  cli: 'cli/main.ts',
  demo: 'cli/demo/main.ts',
  ...Object.fromEntries(
    readdirSync(`${root}servers`)
      .filter((name) => existsSync(`${root}servers/${name}/main.ts`))
      .map((name) => [name, `servers/${name}/main.ts`]),
  ),
};

const external = [
  'discord.js',
  '@discordjs/*',
  'proxmox-api',
  '@octokit/*',
  'ws',
  // pino is bundled: as an external import it cost ~40 ms of every start-up
  'proper-lockfile',
  'write-file-atomic',
  'undici',
];
// The dispatcher loads each server's own bundle at run time through a computed URL, which esbuild leaves alone.

await mkdir(`${root}dist`, { recursive: true });
const selected = Object.entries(entries).filter(
  ([name, file]) => (only.length === 0 || only.includes(name)) && existsSync(`${root}${file}`),
);
const results = await Promise.allSettled(
  selected.map(async ([name, file]) => {
    const outfile = `${root}dist/${name}.js`;
    await build({
      entryPoints: [`${root}${file}`],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      minify: true,
      sourcemap: 'linked',
      sourcesContent: false,
      legalComments: 'none',
      external,
      logLevel: 'error',
      banner: {
        js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    });
    await chmod(outfile, 0o755);
    return name;
  }),
);
const errorFile = `${root}dist/build-error.txt`;
const failed = results.filter((r) => r.status === 'rejected');
if (failed.length > 0) await fail(failed.map((f) => `build failed: ${f.reason?.message ?? f.reason}`).join('\n'));
try {
  // The web board's page (protolabs-mcp board --web, demo --web) is served from files beside the bundles.
  if (selected.some(([name]) => name === 'cli' || name === 'demo')) {
    await cp(`${root}cli/board-web/page`, `${root}dist/board-web`, { recursive: true, force: true });
  }
} catch (error) {
  await fail(`build failed: ${error.message}`);
}
await rm(errorFile, { force: true });

/**
 * A failed build fails loudly, except in npm's prepare for a git dependency, where npm hides the output and then
 * prints nothing at all: there the install finishes without bundles, and the error waits where the launcher
 * (bin/launch.js) shows it on the first start.
 */
async function fail(report) {
  process.stderr.write(`${report}\n`);
  if (process.env.npm_lifecycle_event === 'prepare') {
    await Promise.all(selected.map(([name]) => rm(`${root}dist/${name}.js`, { force: true })));
    await writeFile(errorFile, `${report}\n`);
    process.exit(0);
  }
  process.exit(1);
}
if (!quiet) process.stderr.write(`built ${selected.map(([n]) => n).join(', ')} into dist/\n`);
