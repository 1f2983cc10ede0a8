#!/usr/bin/env node
// Bundles each bin into one ESM file under dist/ with esbuild (one file starts ~100 ms faster and uses less
// memory than the SDK and zod loaded module by module). Heavy clients stay external and are imported lazily,
// on the first tool call that needs them. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIST_ENV } from './server-env.mjs';
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
// A stale list must never be served by a freshly built bundle (nor read back by the step that regenerates it).
await Promise.all(Object.keys(LIST_ENV).filter((n) => only.length === 0 || only.includes(n)).map((n) => rm(`${root}dist/${n}.tools.json`, { force: true })));
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
await writeToolLists(selected.map(([name]) => name).filter((name) => name in LIST_ENV));

/**
 * Precomputes each server's tools/list (every tier on) into dist/<server>.tools.json: converting the zod schemas
 * to JSON Schema is most of the first tools/list answer. The server serves it only while every title and
 * description still matches what it registered, and filters it to the tools of its configured tiers.
 */
async function writeToolLists(servers) {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const scratch = await mkdtemp(join(tmpdir(), 'protolabs-toollist-'));
  try {
    await Promise.all(
      servers.map(async (name) => {
        const transport = new StdioClientTransport({
          command: process.execPath,
          args: [`${root}dist/${name}.js`],
          cwd: scratch,
          env: { PATH: process.env.PATH ?? '', HOME: scratch, LOG_LEVEL: 'silent', PROTOLABS_STATE_DIR: scratch, ...LIST_ENV[name] },
          stderr: 'ignore',
        });
        const client = new Client({ name: 'build', version: '0' });
        try {
          await client.connect(transport);
          const { tools } = await client.listTools();
          await writeFile(`${root}dist/${name}.tools.json`, JSON.stringify(tools));
        } catch (error) {
          // Not fatal: without the file the server converts its schemas itself.
          process.stderr.write(`warning: no precomputed tool list for ${name}: ${error.message}\n`);
        } finally {
          await client.close().catch(() => undefined);
        }
      }),
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

if (!quiet) process.stderr.write(`built ${selected.map(([n]) => n).join(', ')} into dist/\n`);
