// Claude Code ends a session by closing the server's stdin. Nothing else is sent here (no SIGTERM, unlike the SDK
// client's close), so a server that ignored stdin closing would never exit and this test would fail.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../testing/mcp-client.js';
import { waitFor } from '../testing/wait-for.js';
import { SERVER_NAMES } from './servers.js';

const SERVERS = SERVER_NAMES;
const INITIALIZE = `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } })}\n`;

describe('stdio lifecycle', () => {
  it.each(SERVERS)('%s exits 0 by itself when stdin closes, saying why', async (server) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', `${server}.js`)], {
      cwd: mkdtempSync(join(tmpdir(), 'stdin-')),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin.write(INITIALIZE);
    await waitFor(`${server} to answer initialize`, () => stdout.includes('"id":1'));
    child.stdin.end();
    let code: number | null | undefined;
    void exited.then((c) => (code = c));
    await waitFor(`${server} to exit after stdin closed`, () => code !== undefined, 60_000).catch((error: Error) => {
      child.kill('SIGKILL');
      throw error;
    });
    expect(code).toBe(0);
    expect(stderr).toContain('"reason":"stdin closed"');
  });
});
