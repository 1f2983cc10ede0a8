import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../testing/mcp-client.js';
import { runCommand } from '../../testing/run-command.js';
import { SERVER_NAMES } from '../../shared/servers.js';

describe('source maps', () => {
  it('every bundle links its map, and the map names the TypeScript sources', () => {
    for (const bundle of ['cli', 'demo', ...SERVER_NAMES]) {
      const code = readFileSync(join(PROJECT_ROOT, 'dist', `${bundle}.js`), 'utf8');
      expect(code.trimEnd().endsWith(`//# sourceMappingURL=${bundle}.js.map`), bundle).toBe(true);
      const map = JSON.parse(readFileSync(join(PROJECT_ROOT, 'dist', `${bundle}.js.map`), 'utf8')) as { sources: string[] };
      expect(
        map.sources.some((s) => /(servers|cli)\/.*\.ts$/.test(s)),
        bundle,
      ).toBe(true);
    }
  });

  it('a stack printed by a launched bundle names the source file and line, not the minified bundle', async () => {
    const pkg = mkdtempSync(join(tmpdir(), 'maps-'));
    cpSync(join(PROJECT_ROOT, 'bin'), join(pkg, 'bin'), { recursive: true });
    mkdirSync(join(pkg, 'src'));
    writeFileSync(join(pkg, 'src', 'thrower.ts'), 'export {};\nconst where: string = "here";\nthrow new Error(`thrown ${where}`);\n');
    await build({
      entryPoints: [join(pkg, 'src', 'thrower.ts')],
      outfile: join(pkg, 'dist', 'thrower.js'),
      bundle: true,
      minify: true,
      sourcemap: 'linked',
      format: 'esm',
      platform: 'node',
      logLevel: 'error',
    });
    expect(existsSync(join(pkg, 'dist', 'thrower.js.map'))).toBe(true);
    writeFileSync(join(pkg, 'bin', 'thrower.js'), "import { launch } from './launch.js';\nawait launch('thrower.js');\n");
    const { stderr } = await runCommand(process.execPath, [join(pkg, 'bin', 'thrower.js')], { expectCode: 1 });
    expect(stderr).toMatch(/thrown here\n\s+at .*src\/thrower\.ts:3/);
  });
});
