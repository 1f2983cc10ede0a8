import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitRepo } from '../../testing/git-repo.js';
import { SERVER_NAMES, SERVER_VARIABLES, infisicalEntry, serverEntry } from './entries.js';
import type { CliIo } from './io.js';
import { DEFAULT_PACKAGE, findPackage, installSource, ownPackageSpec, packageSpec, specFromRepository } from './package-info.js';
import { runInit } from './run.js';

const pkg = findPackage(import.meta.url);
const SPEC = ownPackageSpec();
/** examples/claude.json cannot know where a fork lives or which commit to pin: its README says what to put here. */
const EXAMPLE_SPEC = 'github:<owner>/<repo>#<commit>';
const dirs: string[] = [];

function project(mcpJson?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'protolabs-init-'));
  dirs.push(dir);
  if (mcpJson !== undefined) writeFileSync(join(dir, '.mcp.json'), mcpJson);
  return dir;
}

async function init(cwd: string, args: string[] = [], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { cwd, env, out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await runInit(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const readConfig = (dir: string) => JSON.parse(readFileSync(join(dir, '.mcp.json'), 'utf8'));

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('protolabs-mcp init --scope project', () => {
  it('creates .mcp.json with all four servers, credentials as ${VAR} references only', async () => {
    const dir = project();
    const { code, out } = await init(dir, [], { GITHUB_TOKEN: 'ghp_secretvalue' });
    expect(code).toBe(0);
    const config = readConfig(dir);
    expect(Object.keys(config.mcpServers)).toEqual([...SERVER_NAMES]);
    expect(config.mcpServers.github).toEqual({
      type: 'stdio',
      command: 'npx',
      args: ['-y', SPEC, 'github'],
      env: { GITHUB_TOKEN: '${GITHUB_TOKEN}', GITHUB_REPOSITORY: '${GITHUB_REPOSITORY:-}' },
    });
    expect(config.mcpServers.proxmox.env.PROXMOX_TOKEN_VALUE).toBe('${PROXMOX_TOKEN_VALUE}');
    expect(readFileSync(join(dir, '.mcp.json'), 'utf8')).not.toContain('ghp_secretvalue');
    expect(existsSync(join(dir, '.mcp.json.bak'))).toBe(false);
    expect(out).toContain('added    board');
  });

  it('merges into an existing file without touching other servers or keys, and backs up the old file', async () => {
    const original = JSON.stringify({ mcpServers: { playwright: { command: 'npx', args: ['@playwright/mcp'] } }, other: 1 }, null, 2);
    const dir = project(original);
    const { code } = await init(dir, ['--servers', 'github,discord']);
    expect(code).toBe(0);
    const config = readConfig(dir);
    expect(Object.keys(config.mcpServers)).toEqual(['playwright', 'github', 'discord']);
    expect(config.mcpServers.playwright).toEqual({ command: 'npx', args: ['@playwright/mcp'] });
    expect(config.other).toBe(1);
    expect(readFileSync(join(dir, '.mcp.json.bak'), 'utf8')).toBe(original);
  });

  it('is idempotent: a second run writes nothing and makes no new backup', async () => {
    const dir = project('{"mcpServers":{}}');
    expect((await init(dir)).code).toBe(0);
    const first = readFileSync(join(dir, '.mcp.json'), 'utf8');
    const backup = statSync(join(dir, '.mcp.json.bak'));
    const mtime = statSync(join(dir, '.mcp.json')).mtimeMs;
    const again = await init(dir);
    expect(again.code).toBe(0);
    expect(again.out).toContain('.mcp.json is up to date; nothing written');
    expect(readFileSync(join(dir, '.mcp.json'), 'utf8')).toBe(first);
    expect(statSync(join(dir, '.mcp.json')).mtimeMs).toBe(mtime);
    expect(statSync(join(dir, '.mcp.json.bak')).mtimeMs).toBe(backup.mtimeMs);
    expect(readFileSync(join(dir, '.mcp.json.bak'), 'utf8')).toBe('{"mcpServers":{}}');
  });

  it('re-pins an entry of ours to this version, keeping the user’s own env and Infisical wrapping', async () => {
    const old = infisicalEntry('proxmox', 'github:protolabs/protolabs-mcp#v0.0.9');
    const dir = project(JSON.stringify({ mcpServers: { proxmox: { ...old, env: { LOG_FILE: '/tmp/p.log' } } } }));
    const { code, out } = await init(dir, ['--servers', 'proxmox']);
    expect(code).toBe(0);
    expect(out).toContain(`updated  proxmox: now pinned to ${SPEC}`);
    expect(readConfig(dir).mcpServers.proxmox).toEqual({ ...infisicalEntry('proxmox', SPEC), env: { LOG_FILE: '/tmp/p.log' } });
  });

  it('never clobbers a same-named server that runs something else unless --force, and exits 1', async () => {
    const theirs = { command: 'docker', args: ['run', '-i', 'ghcr.io/github/github-mcp-server'] };
    const dir = project(JSON.stringify({ mcpServers: { github: theirs } }));
    const skipped = await init(dir, ['--servers', 'github,board']);
    expect(skipped.code).toBe(1);
    expect(skipped.out).toMatch(/skipped {2}github: .*--force/);
    expect(readConfig(dir).mcpServers).toEqual({ github: theirs, board: serverEntry('board', SPEC) });
    const forced = await init(dir, ['--servers', 'github', '--force']);
    expect(forced.code).toBe(0);
    expect(readConfig(dir).mcpServers.github).toEqual(serverEntry('github', SPEC));
    expect(JSON.parse(readFileSync(join(dir, '.mcp.json.bak'), 'utf8')).mcpServers.github).toEqual(theirs);
  });

  it('refuses a corrupt or wrongly shaped .mcp.json and leaves it as it is', async () => {
    for (const content of ['{"mcpServers": {', '[1,2]', '{"mcpServers": []}']) {
      const dir = project(content);
      const { code, err } = await init(dir);
      expect(code).toBe(1);
      expect(err).toMatch(/fix or move it/);
      expect(readFileSync(join(dir, '.mcp.json'), 'utf8')).toBe(content);
      expect(existsSync(join(dir, '.mcp.json.bak'))).toBe(false);
    }
  });

  it('rejects unknown servers and scopes with usage, exit 2', async () => {
    const dir = project();
    expect(await init(dir, ['--servers', 'board,jira'])).toMatchObject({ code: 2, err: expect.stringMatching(/unknown server jira/) });
    expect(await init(dir, ['--scope', 'global'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--scope must be project or user/),
    });
    expect(existsSync(join(dir, '.mcp.json'))).toBe(false);
  });
});

describe('protolabs-mcp init --print and --scope user', () => {
  it('prints claude mcp add lines with quoted ${VAR} references and writes nothing', async () => {
    const dir = project();
    const { code, out } = await init(dir, ['--scope', 'user', '--servers', 'github,board']);
    expect(code).toBe(0);
    expect(out).toContain(
      `claude mcp add --transport stdio --env 'GITHUB_TOKEN=\${GITHUB_TOKEN}' --env 'GITHUB_REPOSITORY=\${GITHUB_REPOSITORY:-}' --scope user github -- npx -y ${SPEC} github`,
    );
    expect(out).toContain(`claude mcp add --transport stdio --scope user board -- npx -y ${SPEC} board`);
    expect(existsSync(join(dir, '.mcp.json'))).toBe(false);
  });

  it('--print with project scope prints --scope project lines; --package overrides the spec; the last line is a doctor command that works without a global install', async () => {
    const dir = project();
    const { out } = await init(dir, ['--print', '--servers', 'proxmox', '--package', 'github:me/fork']);
    // No commit is known for another repository: written as given, with the way to pin it.
    expect(out).toContain('--scope project proxmox -- npx -y github:me/fork proxmox');
    expect(out).toContain('pin a commit with --package github:me/fork#<commit>');
    expect(out.trimEnd().split('\n').at(-1)).toBe('Then check the set-up: npx -y github:me/fork doctor');
    expect(out).toContain("--env 'PROXMOX_TOKEN_VALUE=${PROXMOX_TOKEN_VALUE}'");
    expect(existsSync(join(dir, '.mcp.json'))).toBe(false);
  });
});

describe('package spec', () => {
  it('reads GitHub repositories in every package.json form, keeps explicit refs, pins only git specs', () => {
    for (const repo of [
      'acme/tools',
      'github:acme/tools',
      'https://github.com/acme/tools.git',
      { url: 'git+https://github.com/acme/tools.git' },
      'git@github.com:acme/tools.git',
    ]) {
      expect(specFromRepository(repo)).toBe('github:acme/tools');
    }
    const sha = '0123456789abcdef0123456789abcdef01234567';
    expect(packageSpec({})).toBe(DEFAULT_PACKAGE);
    expect(packageSpec({ repository: 'acme/tools' }, undefined, { commit: sha })).toBe(`github:acme/tools#${sha}`);
    expect(packageSpec({ repository: 'acme/tools' }, undefined, { spec: 'github:fork/tools', commit: sha })).toBe(
      `github:fork/tools#${sha}`,
    );
    expect(packageSpec({}, 'github:acme/tools#main', { commit: sha })).toBe('github:acme/tools#main');
    expect(packageSpec({}, 'protolabs-mcp@1.2.3')).toBe('protolabs-mcp@1.2.3');
  });

  it('pins what npx installed: the spec it was asked for and the commit npm resolved, both kept in its cache folder', () => {
    const folder = join(project(), '_npx', '9c1d2e3f4a5b6c7d');
    const root = join(folder, 'node_modules', 'protolabs-mcp');
    mkdirSync(root, { recursive: true });
    const sha = 'fedcba9876543210fedcba9876543210fedcba98';
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ dependencies: { 'protolabs-mcp': 'github:acme/tools' } }));
    writeFileSync(
      join(folder, 'package-lock.json'),
      JSON.stringify({ packages: { 'node_modules/protolabs-mcp': { resolved: `git+ssh://git@github.com/acme/tools.git#${sha}` } } }),
    );
    expect(installSource({ root, name: 'protolabs-mcp' })).toEqual({ spec: 'github:acme/tools', commit: sha });
    expect(packageSpec({}, undefined, installSource({ root, name: 'protolabs-mcp' }))).toBe(`github:acme/tools#${sha}`);
  });

  it('from a clone whose origin is a path (a clone of a clone), takes no spec from that path', () => {
    const repo = createGitRepo({ prefix: 'protolabs-init-' });
    const root = repo.dir;
    dirs.push(root);
    repo.git('remote', 'add', 'origin', '/srv/mirror/protolabs-mcp');
    const source = installSource({ root, name: 'protolabs-mcp' });
    expect(source.spec).toBeUndefined();
    expect(packageSpec({}, undefined, source)).toMatch(new RegExp(`^${DEFAULT_PACKAGE}#[0-9a-f]{40}$`));
    repo.git('remote', 'set-url', 'origin', 'git@github.com:acme/tools.git');
    expect(installSource({ root, name: 'protolabs-mcp' }).spec).toBe('github:acme/tools');
  });

  it('from a clone, pins the commit it runs from', () => {
    expect(SPEC).toMatch(/#[0-9a-f]{40}$/);
  });

  it('names only variables each server’s config.ts reads', () => {
    for (const server of SERVER_NAMES) {
      const source = readFileSync(join(pkg.root, 'servers', server, 'config.ts'), 'utf8');
      const { required, optional } = SERVER_VARIABLES[server];
      for (const variable of [...required, ...optional]) expect(source, `${server}: ${variable}`).toMatch(new RegExp(`\\b${variable}:`));
    }
  });
});

describe('examples/claude.json', () => {
  it('parses, and its entries are exactly what init writes (direct and Infisical)', () => {
    const example = JSON.parse(readFileSync(join(pkg.root, 'examples', 'claude.json'), 'utf8'));
    const { '//': note, ...infisical } = example.mcpServersWithInfisical;
    expect(note).toMatch(/INFISICAL_TOKEN/);
    for (const server of SERVER_NAMES) {
      expect(example.mcpServers[server]).toEqual(serverEntry(server, EXAMPLE_SPEC));
      expect(infisical[server]).toEqual(infisicalEntry(server, EXAMPLE_SPEC));
    }
    expect(Object.keys(example.mcpServers)).toEqual([...SERVER_NAMES]);
    expect(Object.keys(infisical)).toEqual([...SERVER_NAMES]);
  });
});
