import { afterEach, describe, expect, it } from 'vitest';
import { type SpawnedServer, spawnServer } from '../../../testing/mcp-client.js';
import { fileURLToPath } from 'node:url';
import { createRepo, GIT_ENV } from './harness.js';
import { listedNames, snapshotToolNames } from '../../../testing/tool-snapshot.js';

const TRACE = fileURLToPath(new URL('../../../testing/trace-imports.mjs', import.meta.url));

let server: SpawnedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('protolabs-board bin over stdio', () => {
  it('answers initialize and tools/list without loading git or file-locking libraries, then works a real board', async () => {
    const repo = createRepo();
    server = await spawnServer(
      'board.js',
      [],
      { ...GIT_ENV, LOG_LEVEL: 'info', NODE_OPTIONS: `--import=${TRACE}`, TRACE_IMPORTS: 'proper-lockfile|write-file-atomic' },
      repo,
    );
    expect(server.client.getServerVersion()?.name).toBe('protolabs-board');
    expect(server.client.getInstructions()).toMatch(/kanban board/);
    const { tools } = await server.client.listTools();
    expect(listedNames(tools)).toEqual(snapshotToolNames('board'));
    expect(server.stderr()).not.toContain('[trace-import]');
    const created = await server.call('feature_create', { features: [{ title: 'Ship it' }] });
    expect(created.isError, created.text).toBe(false);
    const claimed = await server.call('feature_claim', {});
    expect(claimed.data.feature).toMatchObject({ title: 'Ship it', status: 'in_progress' });
    expect(server.stderr()).toMatch(/"msg":"ready"/);
    expect(server.stderr()).toMatch(/\[trace-import\] .*proper-lockfile/);
  });

  it('runs through the protolabs-mcp dispatcher (stdin closing: shared/stdio-lifecycle.test.ts)', async () => {
    const repo = createRepo();
    server = await spawnServer('cli.js', ['board'], GIT_ENV, repo);
    expect((await server.client.listTools()).tools.map((t) => t.name)).toContain('feature_claim');
    const exited = new Promise<void>((resolve) => (server!.transport.onclose = () => resolve()));
    await server.close();
    await exited;
    server = undefined;
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('exits cleanly on %s', async (signal) => {
    const repo = createRepo();
    server = await spawnServer('board.js', [], GIT_ENV, repo);
    await server.client.listTools();
    const exited = new Promise<void>((resolve) => (server!.transport.onclose = () => resolve()));
    process.kill(server.pid!, signal);
    await exited;
    expect(server.stderr()).toContain(`"reason":"${signal}"`);
    server = undefined;
  });

  it('starts with a malformed variable and answers every call with the error naming it', async () => {
    const repo = createRepo();
    server = await spawnServer('board.js', [], { ...GIT_ENV, BOARD_LEASE_MINUTES: 'soon' }, repo);
    expect((await server.client.listTools()).tools.length).toBeGreaterThan(0);
    const result = await server.call('board_view');
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/BOARD_LEASE_MINUTES is malformed/);
    expect(result.text).not.toContain('soon');
    expect(server.stderr()).toMatch(/BOARD_LEASE_MINUTES is malformed/);
  });
});
