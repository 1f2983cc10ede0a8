import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../testing/mcp-client.js';
import { runCommand } from '../../testing/run-command.js';

/** A package folder with the real launchers and build script, the project's node_modules, and no sources yet. */
function packageWithoutSources(): string {
  const pkg = mkdtempSync(join(tmpdir(), 'broken-build-'));
  cpSync(join(PROJECT_ROOT, 'bin'), join(pkg, 'bin'), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'scripts'), join(pkg, 'scripts'), { recursive: true });
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(pkg, 'node_modules'));
  return pkg;
}

describe('a build that fails during install', () => {
  it('lets the install finish and shows the build error when the server is started', async () => {
    const pkg = packageWithoutSources();
    mkdirSync(join(pkg, 'servers', 'board'), { recursive: true });
    writeFileSync(join(pkg, 'servers', 'board', 'main.ts'), 'export const broken = ;\n');

    // As npm runs it for a git dependency: the prepare step must not fail the install silently.
    const prepare = await runCommand(process.execPath, ['scripts/build.mjs'], {
      cwd: pkg,
      env: { ...process.env, npm_lifecycle_event: 'prepare' },
    });
    expect(prepare.stderr).toMatch(/build failed/);
    expect(existsSync(join(pkg, 'dist', 'build-error.txt'))).toBe(true);

    const started = await runCommand(process.execPath, ['bin/protolabs-board.js'], { cwd: pkg, expectCode: 1 });
    expect(started.stderr).toMatch(/dist\/board\.js is not built.*the build ran during install and failed:\n +build failed: .*main\.ts/s);
    // A copy with sources is a clone: the fix is to build it there.
    expect(started.stderr).toContain(`cd ${pkg} && npm install && npm run build`);

    // Outside npm's prepare (npm run build, npm test, CI) a failing build still fails loudly.
    await runCommand(process.execPath, ['scripts/build.mjs'], { cwd: pkg, expectCode: 1 });
  });
});

describe('a build step after bundling that fails during install', () => {
  it('leaves no half-built package: the bundles go, and the launcher shows the error', async () => {
    const pkg = packageWithoutSources();
    mkdirSync(join(pkg, 'cli'));
    mkdirSync(join(pkg, 'servers'));
    writeFileSync(join(pkg, 'cli', 'main.ts'), 'console.log("cli");\n');
    // No cli/board-web/page: copying the web board's assets fails after the bundle was written.
    await runCommand(process.execPath, ['scripts/build.mjs'], { cwd: pkg, env: { ...process.env, npm_lifecycle_event: 'prepare' } });
    expect(existsSync(join(pkg, 'dist', 'cli.js'))).toBe(false);
    const started = await runCommand(process.execPath, ['bin/protolabs-mcp.js', '--version'], { cwd: pkg, expectCode: 1 });
    expect(started.stderr).toMatch(/the build ran during install and failed:\n +build failed: .*board-web/);
  });
});
