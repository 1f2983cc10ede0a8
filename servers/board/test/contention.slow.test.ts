import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type SpawnedServer, spawnServer } from '../../../testing/mcp-client.js';
import { createRepo, GIT_ENV, startBoard } from './harness.js';

const PROCESSES = 8;

/** The server's own error log lines, so a failure here says what went wrong inside the process. */
function loggedErrors(server: SpawnedServer): string {
  return server
    .stderr()
    .split('\n')
    .filter((line) => /"level":[56]0/.test(line))
    .join('\n');
}
const FEATURES = 48;

describe('contention', () => {
  it(`gives each of ${FEATURES} features to exactly one of ${PROCESSES} claiming processes and loses no update`, {
    timeout: 180_000,
  }, async () => {
    const repo = createRepo();
    const planner = await startBoard(repo);
    await planner.call('feature_create', {
      features: Array.from({ length: FEATURES }, (_, i) => ({ title: `feature ${i}`, priority: (i % 4) + 1 })),
    });
    await planner.close();

    const servers: SpawnedServer[] = await Promise.all(
      Array.from({ length: PROCESSES }, () => spawnServer('board.js', [], { ...GIT_ENV }, repo)),
    );
    try {
      const claimsPerProcess = await Promise.all(
        servers.map(async (server, n) => {
          const mine: string[] = [];
          for (;;) {
            const claimed = await server.call('feature_claim', { agent: `agent-${n}` }, { timeoutMs: 120_000 });
            expect(claimed.isError, `${claimed.text}\n${loggedErrors(server)}`).toBe(false);
            const feature = claimed.data.feature as { id: string } | null;
            if (!feature) break;
            mine.push(feature.id);
            const updated = await server.call('feature_update', { id: feature.id, summary: `done by agent-${n}` }, { timeoutMs: 120_000 });
            expect(updated.isError, `${updated.text}\n${loggedErrors(server)}`).toBe(false);
          }
          return mine;
        }),
      );
      const all = claimsPerProcess.flat();
      expect(all).toHaveLength(FEATURES);
      expect(new Set(all).size).toBe(FEATURES);
      claimsPerProcess.forEach((ids, n) => {
        for (const id of ids) {
          const stored = JSON.parse(readFileSync(join(repo, '.automaker', 'features', id, 'feature.json'), 'utf8'));
          expect(stored).toMatchObject({ status: 'in_progress', claimedBy: `agent-${n}`, summary: `done by agent-${n}` });
        }
      });
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
    // every process gone: no lock, no waiter's ticket, nobody holding the background check
    const automaker = join(repo, '.automaker');
    expect(existsSync(join(automaker, '.features.lock'))).toBe(false);
    expect(existsSync(join(automaker, '.features.sweep'))).toBe(false);
    expect(existsSync(join(automaker, '.features.lock.queue')) ? readdirSync(join(automaker, '.features.lock.queue')) : []).toEqual([]);
  });
});
