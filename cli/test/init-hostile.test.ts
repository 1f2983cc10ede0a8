/**
 * Issue 14, item 9: `protolabs-mcp init` in a hostile clone — `.mcp.json` or its backup committed as a symlink, a
 * read-only file, a folder it cannot write — refuses with one sentence and writes nothing through a link.
 */
import { execFile } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../testing/mcp-client.js';

const execFileP = promisify(execFile);
const dirs: string[] = [];
/** Valid JSON, and a line of shell if sourced: what a poisoned clone would commit. */
const JSON_AND_SHELL = '{"mcpServers": {}, "x": "$(touch /tmp/owned)"}\n';

/** `under`: where to make it (the run's temporary folder is private to its user, so nobody needs /tmp). */
function folder(under = tmpdir()): string {
  const dir = realpathSync(mkdtempSync(join(under, 'init-hostile-')));
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

/** root writes into a 0555 folder anyway: run as nobody then, so the folder is really read-only. */
const AS_UNPRIVILEGED = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

async function init(cwd: string, as: { uid?: number; gid?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const args = [`${PROJECT_ROOT}dist/cli.js`, 'init', '--servers', 'board'];
    const { stdout, stderr } = await execFileP(process.execPath, args, { cwd, ...as, env: { PATH: process.env.PATH ?? '', HOME: cwd } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterEach(() => {
  for (const dir of dirs.splice(0)) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('protolabs-mcp init in a hostile clone', () => {
  it('item 9: refuses a .mcp.json.bak that is a symlink, leaving its target and .mcp.json untouched', async () => {
    const project = folder();
    const home = folder();
    writeFileSync(join(home, '.bashrc'), 'export PATH=/usr/bin\n');
    writeFileSync(join(project, '.mcp.json'), JSON_AND_SHELL);
    symlinkSync(join(home, '.bashrc'), join(project, '.mcp.json.bak'));
    const result = await init(project);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/\.mcp\.json\.bak is a symbolic link/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe('export PATH=/usr/bin\n');
    expect(readFileSync(join(project, '.mcp.json'), 'utf8')).toBe(JSON_AND_SHELL);
  });

  it('item 9: refuses a .mcp.json that is a symlink, leaving the file it points to untouched', async () => {
    const project = folder();
    const home = folder();
    writeFileSync(join(home, '.claude.json'), '{"mcpServers": {}}\n');
    symlinkSync(join(home, '.claude.json'), join(project, '.mcp.json'));
    const result = await init(project);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/\.mcp\.json is a symbolic link/);
    expect(readFileSync(join(home, '.claude.json'), 'utf8')).toBe('{"mcpServers": {}}\n');
    expect(lstatSync(join(project, '.mcp.json')).isSymbolicLink()).toBe(true);
  });

  it('item 9: keeps the file’s mode, and refuses a read-only .mcp.json', async () => {
    const project = folder();
    writeFileSync(join(project, '.mcp.json'), '{"mcpServers": {}}\n', { mode: 0o600 });
    chmodSync(join(project, '.mcp.json'), 0o600);
    expect((await init(project)).code).toBe(0);
    expect(statSync(join(project, '.mcp.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(project, '.mcp.json'), 'utf8')).toContain('"board"');

    const readOnly = folder();
    writeFileSync(join(readOnly, '.mcp.json'), '{"mcpServers": {}}\n');
    chmodSync(join(readOnly, '.mcp.json'), 0o444);
    const refused = await init(readOnly);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/\.mcp\.json is read-only/);
    expect(statSync(join(readOnly, '.mcp.json')).mode & 0o777).toBe(0o444);
    expect(readFileSync(join(readOnly, '.mcp.json'), 'utf8')).toBe('{"mcpServers": {}}\n');
  });

  it('item 9: reports a read-only folder in one sentence, no stack trace', async () => {
    const project = folder(process.getuid?.() === 0 ? '/tmp' : tmpdir());
    chmodSync(project, 0o555);
    const result = await init(project, AS_UNPRIVILEGED);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
    expect(result.stderr).toMatch(/cannot write .*\.mcp\.json.*read-only/);
  });
});
