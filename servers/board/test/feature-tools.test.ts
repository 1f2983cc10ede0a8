import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepo, startBoard, type TestBoard } from './harness.js';

let board: TestBoard;
let repo: string;

beforeEach(async () => {
  repo = createRepo();
  board = await startBoard(repo);
});
afterEach(async () => {
  await board.close();
});

type Line = { id: string; title: string; status: string; blockedBy?: string[] };

async function plan(items: Array<Record<string, unknown>>): Promise<Line[]> {
  const result = await board.call('feature_create', { features: items });
  expect(result.isError, result.text).toBe(false);
  return result.data.features as Line[];
}

function onDisk(id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(repo, '.automaker', 'features', id, 'feature.json'), 'utf8'));
}

describe('feature_create', () => {
  it('creates a plan whose dependencies name siblings by title, in Automaker’s format', async () => {
    const [api, ui] = await plan([
      { title: 'API', description: 'the endpoint', priority: 1, category: 'backend' },
      { title: 'UI', dependencies: ['API'] },
    ]);
    expect(api?.id).toMatch(/^feature-\d{13}-[a-z0-9]{9}$/);
    expect(ui?.blockedBy).toEqual([api?.id]);
    const stored = onDisk(ui!.id);
    expect(stored).toMatchObject({
      id: ui!.id,
      title: 'UI',
      description: '',
      category: 'Uncategorized',
      status: 'backlog',
      dependencies: [api!.id],
      statusHistory: [{ from: null, to: 'backlog', timestamp: '2026-11-27T10:00:00.000Z', by: 'session-a' }],
      createdAt: '2026-11-27T10:00:00.000Z',
    });
    const excluded = readFileSync(join(repo, '.git', 'info', 'exclude'), 'utf8');
    // the board's runtime files: features, the lock, waiters' tickets, the background check's lease
    for (const path of [
      '.automaker/features',
      '.automaker/.features.lock',
      '.automaker/.features.lock.queue',
      '.automaker/.features.sweep',
    ])
      expect(excluded.split('\n')).toContain(path);
  });

  it('refuses an unknown dependency and creates nothing', async () => {
    const result = await board.call('feature_create', { features: [{ title: 'A' }, { title: 'B', dependencies: ['nope'] }] });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/"B" depends on "nope"/);
    expect((await board.call('feature_list')).data.total).toBe(0);
  });

  it('refuses a cycle within one call and creates nothing', async () => {
    const result = await board.call('feature_create', {
      features: [
        { title: 'A', dependencies: ['B'] },
        { title: 'B', dependencies: ['A'] },
      ],
    });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/cycle/);
    expect((await board.call('feature_list')).data.total).toBe(0);
  });

  it('refuses unknown keys and out-of-range values', async () => {
    expect((await board.call('feature_create', { features: [{ title: 'A', status: 'done' }] })).isError).toBe(true);
    expect((await board.call('feature_create', { features: [{ title: 'A', priority: 9 }] })).isError).toBe(true);
    expect((await board.call('feature_create', { features: [] })).isError).toBe(true);
  });
});

describe('feature_update', () => {
  it('edits fields and refuses a dependency edit that forms a cycle', async () => {
    const [a, b] = await plan([{ title: 'A' }, { title: 'B', dependencies: ['A'] }]);
    const ok = await board.call('feature_update', { id: a!.id, title: 'A2', priority: 2 });
    expect(ok.isError, ok.text).toBe(false);
    expect(onDisk(a!.id)).toMatchObject({ title: 'A2', priority: 2 });
    const cycle = await board.call('feature_update', { id: a!.id, dependencies: [b!.id] });
    expect(cycle.isError).toBe(true);
    expect(cycle.text).toMatch(/cycle/);
    expect(onDisk(a!.id).dependencies).toEqual([]);
    expect((await board.call('feature_update', { id: a!.id, dependencies: [a!.id] })).text).toMatch(/itself/);
  });
});

describe('feature_move', () => {
  it('refuses to start a feature whose dependencies are not done, listing the blockers', async () => {
    const [a, b] = await plan([{ title: 'A' }, { title: 'B', dependencies: ['A'] }]);
    const result = await board.call('feature_move', { id: b!.id, status: 'in_progress' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/cannot start: 1 dependency is not done/);
    expect(result.data.error).toMatchObject({ blockers: [{ id: a!.id, title: 'A', status: 'backlog' }] });
  });

  it('allows only legal moves and lists them', async () => {
    const [a] = await plan([{ title: 'A' }]);
    const result = await board.call('feature_move', { id: a!.id, status: 'done' });
    expect(result.isError).toBe(true);
    expect(result.text).toBe(`Cannot move ${a!.id} from backlog to done; legal moves from backlog: in_progress, blocked.`);
  });

  it('requires a reason for blocked and records every move in statusHistory', async () => {
    const [a] = await plan([{ title: 'A' }]);
    expect((await board.call('feature_move', { id: a!.id, status: 'blocked' })).text).toMatch(/needs a reason/);
    await board.call('feature_move', { id: a!.id, status: 'blocked', reason: 'waiting for keys' });
    await board.call('feature_move', { id: a!.id, status: 'backlog' });
    const stored = onDisk(a!.id);
    expect((stored.statusHistory as Array<{ to: string }>).map((h) => h.to)).toEqual(['backlog', 'blocked', 'backlog']);
    expect(stored.statusHistory).toContainEqual(expect.objectContaining({ from: 'backlog', to: 'blocked', reason: 'waiting for keys' }));
  });

  it('refuses a bad id before touching the disk', async () => {
    for (const id of ['../../etc', '', '-x', 'a/b', '.hidden', 'x'.repeat(200)]) {
      const result = await board.call('feature_move', { id, status: 'done' });
      expect(result.isError, id).toBe(true);
      expect(result.text).toMatch(/Input validation error/);
    }
  });
});

describe('feature_delete', () => {
  it('refuses while another feature depends on it, and with force detaches the dependents', async () => {
    const [a, b] = await plan([{ title: 'A' }, { title: 'B', dependencies: ['A'] }]);
    const refused = await board.call('feature_delete', { id: a!.id });
    expect(refused.isError).toBe(true);
    expect(refused.data.error).toMatchObject({ dependents: [{ id: b!.id, title: 'B' }] });
    expect(existsSync(join(repo, '.automaker', 'features', a!.id))).toBe(true);
    const forced = await board.call('feature_delete', { id: a!.id, force: true });
    expect(forced.isError, forced.text).toBe(false);
    expect(existsSync(join(repo, '.automaker', 'features', a!.id))).toBe(false);
    expect(onDisk(b!.id).dependencies).toEqual([]);
  });
});

describe('feature_claim and feature_release', () => {
  it('claims the ready feature with the highest priority, then the oldest', async () => {
    const [low] = await plan([{ title: 'low', priority: 4 }]);
    board.clock.now += 1000;
    const [normalOld] = await plan([{ title: 'normal old' }]);
    board.clock.now += 1000;
    const [urgent, blocked] = await plan([
      { title: 'urgent', priority: 1 },
      { title: 'blocked urgent', priority: 1, dependencies: [low!.id] },
    ]);
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await board.call('feature_claim', { agent: 'agent-1' });
      const f = r.data.feature as { id: string } | null;
      if (!f) break;
      order.push(f.id);
    }
    expect(order).toEqual([urgent!.id, normalOld!.id, low!.id]);
    expect(order).not.toContain(blocked!.id);
    const none = await board.call('feature_claim', {});
    expect(none.isError).toBe(false);
    expect(none.data).toEqual({ feature: null, reason: expect.stringMatching(/wait on dependencies/) });
  });

  it('claims the features of one plan, equal in priority, in the order the plan lists them', async () => {
    const planned = await plan(Array.from({ length: 8 }, (_, i) => ({ title: `step ${i + 1}` })));
    const order: string[] = [];
    for (let i = 0; i < planned.length; i++) {
      const r = await board.call('feature_claim', { agent: 'agent-1', worktree: false });
      order.push((r.data.feature as { id: string }).id);
    }
    expect(order).toEqual(planned.map((f) => f.id));
  });

  it('answers null with a reason on an empty board', async () => {
    const r = await board.call('feature_claim', {});
    expect(r.data).toEqual({ feature: null, reason: expect.stringMatching(/empty/) });
  });

  it('records the claim as a lease that another session cannot take until it expires', async () => {
    const [a] = await plan([{ title: 'A' }]);
    const claimed = await board.call('feature_claim', { id: a!.id, agent: 'alice' });
    expect(claimed.data.feature).toMatchObject({
      id: a!.id,
      status: 'in_progress',
      claimedBy: 'alice',
      leaseExpiresAt: '2026-11-27T10:30:00.000Z',
    });
    const other = await startBoard(repo, { session: 'session-b', clock: board.clock });
    try {
      const refused = await other.call('feature_claim', { id: a!.id });
      expect(refused.isError).toBe(true);
      expect(refused.text).toMatch(/claimed by alice/);
      expect((await other.call('feature_move', { id: a!.id, status: 'review' })).text).toMatch(/claimed by alice/);
      expect((await other.call('feature_claim', {})).data.feature).toBeNull();
      board.clock.now += 31 * 60_000;
      const taken = await other.call('feature_claim', {});
      expect(taken.data.feature).toMatchObject({ id: a!.id, claimedBy: 'session-b', takeover: true });
      const history = onDisk(a!.id).statusHistory as Array<{ reason?: string }>;
      expect(history.at(-1)?.reason).toBe('lease of alice expired; taken over by session-b');
    } finally {
      await other.close();
    }
  });

  it('renews the lease on the holder’s calls', async () => {
    const [a] = await plan([{ title: 'A' }]);
    await board.call('feature_claim', { id: a!.id });
    board.clock.now += 20 * 60_000;
    await board.call('feature_log', { id: a!.id, text: 'still going' });
    expect(onDisk(a!.id).leaseExpiresAt).toBe('2026-11-27T10:50:00.000Z');
  });

  it('respects BOARD_MAX_IN_PROGRESS', async () => {
    await board.close();
    board = await startBoard(repo, { env: { BOARD_MAX_IN_PROGRESS: '1' } });
    await plan([{ title: 'A' }, { title: 'B' }]);
    expect((await board.call('feature_claim', {})).data.feature).not.toBeNull();
    const second = await board.call('feature_claim', {});
    expect(second.data).toEqual({ feature: null, reason: expect.stringMatching(/BOARD_MAX_IN_PROGRESS=1/) });
  });

  it('releases to review, clearing the claim, and refuses releasing what is not in progress', async () => {
    const [a] = await plan([{ title: 'A' }]);
    await board.call('feature_claim', { id: a!.id });
    const released = await board.call('feature_release', { id: a!.id, status: 'review', note: 'PR #1 open' });
    expect(released.isError, released.text).toBe(false);
    const stored = onDisk(a!.id);
    expect(stored).toMatchObject({ status: 'review', statusChangeReason: 'PR #1 open' });
    expect(stored).not.toHaveProperty('claimedBy');
    expect((await board.call('feature_release', { id: a!.id })).text).toMatch(/is review, not in_progress/);
  });
});

describe('feature_get, feature_list, board_view', () => {
  it('shows dependency states, the log tail and history', async () => {
    const [a, b] = await plan([
      { title: 'A', description: 'first' },
      { title: 'B', dependencies: ['A'] },
    ]);
    await board.call('feature_log', { id: b!.id, text: 'line one\nline two' });
    const got = await board.call('feature_get', { id: b!.id });
    const feature = got.data.feature as Record<string, unknown>;
    expect(feature.dependencies).toEqual([{ id: a!.id, title: 'A', status: 'backlog' }]);
    expect((feature.logTail as string[]).slice(-2)).toEqual(['line one', 'line two']);
    expect(feature).not.toHaveProperty('claimSession');
    expect((await board.call('feature_get', { id: 'feature-1-missing' })).text).toMatch(/No feature feature-1-missing/);
  });

  it('filters and paginates', async () => {
    await plan(Array.from({ length: 7 }, (_, i) => ({ title: `item ${i}`, category: i % 2 ? 'odd' : 'even' })));
    const first = await board.call('feature_list', { limit: 3 });
    expect(first.data).toMatchObject({ total: 7, nextCursor: '3' });
    expect((first.data.features as unknown[]).length).toBe(3);
    const last = await board.call('feature_list', { limit: 3, cursor: '6' });
    expect(last.data).not.toHaveProperty('nextCursor');
    expect((await board.call('feature_list', { category: 'odd' })).data.total).toBe(3);
    expect((await board.call('feature_list', { query: 'ITEM 4' })).data.total).toBe(1);
    expect((await board.call('feature_list', { cursor: 'abc' })).isError).toBe(true);
  });

  it('summarises the board and reports a corrupt file by id without failing', async () => {
    const [a] = await plan([{ title: 'A' }, { title: 'B', dependencies: ['A'] }]);
    await board.call('feature_claim', { id: a!.id, agent: 'alice' });
    const dir = join(repo, '.automaker', 'features', 'feature-1-broken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'feature.json'), '{"id": "feature-1-broken", "title": ');
    const view = await board.call('board_view');
    expect(view.isError, view.text).toBe(false);
    expect(view.data).toMatchObject({
      counts: { backlog: 1, in_progress: 1, review: 0, blocked: 0, done: 0 },
      inProgress: [{ id: a!.id, claimedBy: 'alice', leaseExpired: false }],
      blocked: [{ title: 'B', waitsOn: [a!.id] }],
      corrupt: [{ id: 'feature-1-broken', error: expect.stringMatching(/invalid JSON/) }],
    });
    expect((await board.call('feature_list')).data.corrupt).toHaveLength(1);
    const broken = await board.call('feature_get', { id: 'feature-1-broken' });
    expect(broken.isError).toBe(true);
    expect(broken.text).toMatch(/corrupt/);
  });
});
