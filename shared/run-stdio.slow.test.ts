/**
 * Issue 14, item 7: a request the stdio transport cannot read (a line over the SDK's 10 MB buffer) must not leave
 * a server deaf but alive — each of the four built servers exits with a code ≠ 0 and says why on stderr.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
/** Generous: a loaded two-core machine starts a server in well under a second. */
const EXIT_CEILING_MS = 30_000;
const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a request the transport cannot read', () => {
  it.each(['board', 'github', 'discord', 'proxmox'])(
    'item 7: %s exits with a code ≠ 0 and the reason on stderr, instead of staying alive and deaf',
    async (server) => {
      const cwd = mkdtempSync(join(tmpdir(), 'oversized-'));
      folders.push(cwd);
      const child = spawn(process.execPath, [join(DIST, `${server}.js`)], {
        cwd,
        env: { PATH: process.env.PATH ?? '', HOME: cwd, BOARD_PROJECT_DIR: cwd },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.stdout.resume();
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const init = { jsonrpc: '2.0', id: 1, method: 'ping', params: { padding: 'x'.repeat(11 * 1024 * 1024) } };
      child.stdin.on('error', () => undefined); // the server may stop reading before the whole line is written
      child.stdin.write(`${JSON.stringify(init)}\n`);
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([
        exited,
        new Promise<'alive'>((resolve) => {
          timer = setTimeout(() => resolve('alive'), EXIT_CEILING_MS);
        }),
      ]);
      clearTimeout(timer);
      if (code === 'alive') child.kill('SIGKILL');
      expect(
        code,
        `${server} was still running ${EXIT_CEILING_MS / 1000} s after an 11 MB request; stderr:\n${stderr.slice(-2000)}`,
      ).not.toBe('alive');
      expect(code).not.toBe(0);
      expect(stderr).toMatch(/exceeded maximum size/);
    },
  );
});
