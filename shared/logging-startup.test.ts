import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnServer } from '../testing/mcp-client.js';
import { SERVER_NAMES } from './servers.js';

const SERVERS = SERVER_NAMES;

async function startAndList(server: string, env: Record<string, string>) {
  const spawned = await spawnServer(`${server}.js`, [], env, mkdtempSync(join(tmpdir(), 'logging-')));
  try {
    const { tools } = await spawned.client.listTools();
    return { tools, stderr: spawned.stderr, spawned };
  } finally {
    await spawned.close();
  }
}

describe('logging settings at start-up', () => {
  it.each(SERVERS)('%s: an unknown LOG_LEVEL is a clear message on stderr, and the server still answers', async (server) => {
    const { tools, stderr } = await startAndList(server, { LOG_LEVEL: 'verbose' });
    expect(tools.length).toBeGreaterThan(0);
    expect(stderr()).toMatch(/LOG_LEVEL=verbose is not a log level \(use one of [a-z, ]+\); logging at info/);
  });

  it('a LOG_FILE that is a folder, or that cannot be created, is a clear message on stderr; logs go to stderr instead', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'log-folder-'));
    for (const target of [folder, '/proc/protolabs-cannot-create/server.log']) {
      const { tools, stderr } = await startAndList('board', { LOG_FILE: target });
      expect(tools.length).toBeGreaterThan(0);
      expect(stderr()).toContain(`LOG_FILE=${target} cannot be written`);
      expect(stderr()).toMatch(/"msg":"ready"/);
    }
  });

  it('every log line parses as JSON with one message key, the refusal reason under its own key', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'log-')), 'board.log');
    const spawned = await spawnServer('board.js', [], { LOG_FILE: file, LOG_LEVEL: 'debug' }, mkdtempSync(join(tmpdir(), 'not-a-repo-')));
    const refused = await spawned.call('feature_get', { id: 'feature-1-nope' });
    await spawned.close();
    expect(refused.isError).toBe(true);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    for (const line of lines) expect(line.match(/"msg":/g), line).toHaveLength(1);
    const refusal = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'tool refused');
    expect(refusal).toMatchObject({ tool: 'feature_get', reason: expect.stringMatching(/git/) });
  });
});
