import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a committed plain-JavaScript launcher helper without type declarations
import { describeInstall, explainMissingBuild } from '../../bin/install-check.js';
import { runCommand } from '../../testing/run-command.js';

/** A package folder laid out as npx leaves it: <cache>/_npx/<hash>/node_modules/<name>, with npx's own package.json. */
function npxCopy(spec: string): { cacheFolder: string; dir: string } {
  const cacheFolder = join(mkdtempSync(join(tmpdir(), 'npm-cache-')), '_npx', '3f2a9c01d4e5b6a7');
  const dir = join(cacheFolder, 'node_modules', 'protolabs-mcp');
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(join(cacheFolder, 'package.json'), JSON.stringify({ dependencies: { 'protolabs-mcp': spec } }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'protolabs-mcp', version: '0.1.0' }));
  return { cacheFolder, dir };
}

describe('the launcher explains a missing build', () => {
  it('names the npx cache folder to remove and the exact command that reinstalls the same spec with scripts on', () => {
    const spec = 'github:acme/protolabs-mcp#0123456789abcdef0123456789abcdef01234567';
    const { cacheFolder, dir } = npxCopy(spec);
    const install = describeInstall(dir);
    expect(install).toMatchObject({ kind: 'npx', cacheFolder, spec });
    process.env.npm_config_ignore_scripts = 'true';
    try {
      const text = explainMissingBuild('cli.js', install);
      expect(text).toContain('npm has ignore-scripts=true');
      expect(text).toContain(`  rm -rf ${cacheFolder}\n  npm_config_ignore_scripts=false npx -y ${spec} --version\n`);
    } finally {
      delete process.env.npm_config_ignore_scripts;
    }
  });

  it('shows the build error kept from the install', () => {
    const { dir } = npxCopy('github:acme/protolabs-mcp#v1.0.0');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'build-error.txt'), 'build failed: servers/board/main.ts:1:22: ERROR: Unexpected ";"\n');
    const text = explainMissingBuild('board.js', describeInstall(dir));
    expect(text).toMatch(/the build ran during install and failed:\n +build failed: servers\/board\/main\.ts/);
  });

  it('runs as "protolabs-mcp doctor" in a copy with no dist/ at all: the check needs no build', async () => {
    const { dir, cacheFolder } = npxCopy('github:acme/protolabs-mcp#v1.0.0');
    for (const file of ['launch.js', 'install-check.js', 'protolabs-mcp.js']) {
      writeFileSync(join(dir, 'bin', file), readFileSync(join(import.meta.dirname, '..', '..', 'bin', file), 'utf8'));
    }
    const doctor = await runCommand(process.execPath, [join(dir, 'bin', 'protolabs-mcp.js'), 'doctor'], {
      expectCode: 1,
      env: { ...process.env, npm_config_ignore_scripts: 'false' },
    });
    expect(doctor.stdout).toBe('');
    expect(doctor.stderr).toContain('dist/cli.js is not built');
    expect(doctor.stderr).toContain(`rm -rf ${cacheFolder}`);
  });
});
