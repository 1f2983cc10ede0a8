// Installs the committed package the way `npx -y github:<owner>/<repo>` does: npm clones the git spec, runs
// `prepare` there with dev dependencies, packs the result per "files" and installs it with prod dependencies
// only, under <cache>/_npx/<hash>/. A fresh cache makes it a cold install (downloads from the npm registry).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_NAMES } from '../init/entries.js';
import { findPackage } from '../init/package-info.js';
import { PROJECT_ROOT } from '../../testing/mcp-client.js';
import { runCommand } from '../../testing/run-command.js';

const INSTALL_TIMEOUT_MS = 540_000;
const pkg = findPackage(import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'protolabs-install-'));
const cache = join(work, 'npm-cache');
const empty = join(work, 'empty');

/** Only what npx needs: no npm_config_* leaking in from an `npm test` parent, a cache of our own. */
function npmEnv(extra: Record<string, string> = {}): Record<string, string> {
  const passthrough = ['PATH', 'HOME', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
  const env: Record<string, string> = {};
  for (const name of passthrough) if (process.env[name]) env[name] = process.env[name] as string;
  return {
    ...env,
    npm_config_cache: cache,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ...extra,
  };
}

/** A clean clone of the committed HEAD: uncommitted files in the working tree must not make the test pass. */
async function cloneHead(name: string): Promise<string> {
  const dir = join(work, name);
  await runCommand('git', ['clone', '--quiet', '--no-hardlinks', PROJECT_ROOT, dir]);
  return dir;
}

function npx(spec: string, args: string[], extra: Record<string, string> = {}) {
  return runCommand('npx', ['-y', spec, ...args], { cwd: empty, env: npmEnv(extra), ceilingMs: INSTALL_TIMEOUT_MS });
}

/** The folder npx installed `spec` into: the one _npx/<hash> whose package.json depends on it. */
function installedFolder(): string {
  const root = join(cache, '_npx');
  const hashes = readdirSync(root).filter((h) => existsSync(join(root, h, 'node_modules', 'protolabs-mcp')));
  expect(hashes).toHaveLength(1);
  return join(root, hashes[0] as string, 'node_modules');
}

let installed = '';

beforeAll(async () => {
  mkdirSync(empty);
  const clone = await cloneHead('clone');
  // dist/ is not committed: whatever the installed package has, npm's prepare built.
  expect(existsSync(join(clone, 'dist'))).toBe(false);
  const coldStarted = Date.now();
  const { stdout, stderr } = await npx(`git+file://${clone}`, ['--version']);
  expect(stdout.trim()).toBe(pkg.version);
  // Node 20 is supported: no dependency may warn that it needs a newer engine.
  expect(stderr).not.toContain('EBADENGINE');
  const cold = (Date.now() - coldStarted) / 1000;
  installed = installedFolder();
  // The README's install figures come from here (printed, never asserted: the machine's load decides them).
  const time = async (file: string, args: string[]) => {
    const started = Date.now();
    await runCommand(file, args, { cwd: empty, env: npmEnv() });
    return (Date.now() - started) / 1000;
  };
  const pinned = `git+file://${clone}#${(await runCommand('git', ['-C', clone, 'rev-parse', 'HEAD'])).stdout.trim()}`;
  const pinnedInstall = await time('npx', ['-y', pinned, '--version']);
  const runs: Record<'unpinned' | 'pinned' | 'direct', number[]> = { unpinned: [], pinned: [], direct: [] };
  for (let i = 0; i < 3; i++) {
    runs.unpinned.push(await time('npx', ['-y', `git+file://${clone}`, '--version']));
    runs.pinned.push(await time('npx', ['-y', pinned, '--version']));
    runs.direct.push(await time(join(installed, '.bin', 'protolabs-mcp'), ['--version']));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]?.toFixed(2);
  process.stdout.write(
    `install figures: cold npx install ${cold.toFixed(0)} s (then the pinned spec: ${pinnedInstall.toFixed(0)} s); ` +
      `a start through warm npx: pinned ${median(runs.pinned)} s, unpinned ${median(runs.unpinned)} s; the installed bin ${median(runs.direct)} s (medians of 3)\n`,
  );
}, INSTALL_TIMEOUT_MS + 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true, maxRetries: 3 }));

describe('installing from git the way npx github: does', () => {
  it('built dist/ in prepare and installed no dev dependency or source folder', () => {
    const pkgDir = join(installed, 'protolabs-mcp');
    for (const bundle of ['cli', 'demo', ...SERVER_NAMES]) expect(existsSync(join(pkgDir, 'dist', `${bundle}.js`)), bundle).toBe(true);
    for (const source of ['servers', 'shared', 'cli', 'testing', 'scripts', 'node_modules'])
      expect(existsSync(join(pkgDir, source)), source).toBe(false);
    // (@types/node is not in the list: discord.js's own dependencies bring it in production too.)
    for (const dev of ['vitest', '@vitest', 'typescript', 'esbuild']) expect(existsSync(join(installed, dev)), dev).toBe(false);
    expect(existsSync(join(installed, '@modelcontextprotocol', 'sdk'))).toBe(true);
  });

  it('each server bin answers initialize and tools/list over stdio', { timeout: 120_000 }, async () => {
    for (const server of SERVER_NAMES) {
      const transport = new StdioClientTransport({
        command: join(installed, '.bin', `protolabs-${server}`),
        args: [],
        cwd: empty,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PROTOLABS_STATE_DIR: join(work, 'state') },
        stderr: 'pipe',
      });
      const client = new Client({ name: 'install-test', version: '1.0.0' });
      await client.connect(transport);
      expect(client.getServerVersion()?.name).toBe(`protolabs-${server}`);
      const { tools } = await client.listTools();
      expect(tools.length, server).toBeGreaterThan(0);
      await client.close();
    }
  });

  it('the dispatcher bin runs from the installed package', async () => {
    const { stdout } = await runCommand(join(installed, '.bin', 'protolabs-mcp'), ['--help'], { env: { PATH: process.env.PATH ?? '' } });
    expect(stdout).toMatch(/^protolabs-mcp \d+\.\d+\.\d+/);
    expect(stdout).toMatch(/Usage:/);
    for (const server of SERVER_NAMES) expect(stdout).toContain(server);
  });

  it('doctor finds the installed build beside the installed dist/cli.js; init prints the pinned spec', async () => {
    const bin = join(installed, '.bin', 'protolabs-mcp');
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const doctor = await runCommand(bin, ['doctor', 'board'], { cwd: empty, env });
    expect(doctor.stdout).toContain(`doctor (${join(installed, 'protolabs-mcp')})`);
    expect(doctor.stdout).toMatch(/^ok {4}build: dist\/board\.js$/m);
    expect(doctor.stdout).toContain('No problems found.');
    const init = await runCommand(bin, ['init', '--print', '--servers', 'board'], { cwd: empty, env });
    // Pinned to the commit npm resolved the unpinned spec to: a ref that exists.
    const head = (await runCommand('git', ['-C', join(work, 'clone'), 'rev-parse', 'HEAD'])).stdout.trim();
    expect(init.stdout).toContain(`--scope project board -- npx -y git+file://${join(work, 'clone')}#${head} board`);
    expect(init.stdout.trimEnd().split('\n').at(-1)).toBe(`Then check the set-up: npx -y git+file://${join(work, 'clone')}#${head} doctor`);
  });

  it('with ignore-scripts=true, the bin explains why dist/ is missing, exits 1, and its advice recovers', {
    timeout: INSTALL_TIMEOUT_MS * 2,
  }, async () => {
    // Another clone path: another _npx folder, while the registry tarballs come from the same cache.
    const clone = await cloneHead('clone-ignore-scripts');
    const userEnv = npmEnv({ npm_config_ignore_scripts: 'true' });
    const failure = await runCommand('npx', ['-y', `git+file://${clone}`, '--version'], {
      cwd: empty,
      env: userEnv,
      expectCode: 1,
      ceilingMs: INSTALL_TIMEOUT_MS,
    });
    expect(failure.stdout).toBe('');
    expect(failure.stderr).toContain('dist/cli.js is not built');
    expect(failure.stderr).toContain('npm has ignore-scripts=true');
    // npx would reuse the unbuilt copy forever: the advice names its folder and the command that rebuilds it.
    const advice = failure.stderr
      .slice(failure.stderr.indexOf('To fix it, run:\n') + 'To fix it, run:\n'.length)
      .split('\n')
      .filter((l) => l.startsWith('  '))
      .map((l) => l.trim());
    expect(advice[0]).toMatch(/^rm -rf .*_npx\/[0-9a-f]+$/);
    expect(advice[1]).toBe(`npm_config_ignore_scripts=false npx -y git+file://${clone} --version`);
    const recovered = await runCommand('sh', ['-c', advice.join(' && ')], { cwd: empty, env: userEnv, ceilingMs: INSTALL_TIMEOUT_MS });
    expect(recovered.stdout.trim()).toBe(pkg.version);
  });
});
