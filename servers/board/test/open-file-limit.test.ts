import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../testing/mcp-client.js';
import { createRepo, GIT_ENV } from './harness.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { dataOf, WITH_DATA } from '../../../shared/tool-data.js';

const SOFT_LIMIT = 128;
const FEATURES = 1500;

function seed(repo: string): void {
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < FEATURES; i++) {
    const id = `feature-${base + i}-${i.toString(36).padStart(9, '0')}`;
    mkdirSync(join(repo, '.automaker', 'features', id), { recursive: true });
    writeFileSync(
      join(repo, '.automaker', 'features', id, 'feature.json'),
      JSON.stringify({ id, title: `Feature ${i}`, status: 'backlog' }),
    );
  }
}

describe('a board larger than the open-file limit', () => {
  it(`loads all ${FEATURES} features in a server whose soft limit is ${SOFT_LIMIT} open files`, { timeout: 120_000 }, async () => {
    const repo = createRepo();
    const home = mkdtempSync(join(tmpdir(), 'board-home-'));
    seed(repo);
    const transport = new StdioClientTransport({
      command: 'sh',
      args: ['-c', `ulimit -n ${SOFT_LIMIT} && exec "$0" "$1"`, process.execPath, join(PROJECT_ROOT, 'dist', 'board.js')],
      cwd: repo,
      env: { PATH: process.env.PATH ?? '', HOME: home, LOG_LEVEL: 'error', ...GIT_ENV },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'test', version: '0' });
    try {
      await client.connect(transport);
      const result = (await client.callTool({ name: 'feature_list', arguments: { limit: 1 }, _meta: WITH_DATA }, undefined, {
        timeout: 100_000,
      })) as CallToolResult;
      const data = dataOf(result) as { total?: number; corrupt?: unknown[] };
      expect(result.isError, `${JSON.stringify(result.content)}\n${stderr}`).toBeFalsy();
      expect(data.corrupt, 'no feature reported unreadable').toBeUndefined();
      expect(data.total).toBe(FEATURES);
    } finally {
      await client.close();
      rmSync(repo, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  });
});
