import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Approval } from './model.js';
import { ApprovalStore } from './store.js';

function store(): ApprovalStore {
  return new ApprovalStore(join(mkdtempSync(join(tmpdir(), 'approval-store-')), 'discord'));
}

function pending(id: string, createdAt = new Date().toISOString()): Approval {
  return {
    id,
    instanceId: 'inst',
    title: 't',
    details: 'd',
    status: 'pending',
    createdAt,
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
    channelId: '1',
    approvers: { users: [], roles: [] },
    requester: { instance: 'i', session: 's' },
  };
}

describe('ApprovalStore', () => {
  it('lets exactly one of many concurrent decisions win', async () => {
    const s = store();
    await s.create(pending('apr_race0001'));
    const results = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((who) =>
        s.update('apr_race0001', (a) =>
          a.status === 'pending' ? { ...a, status: 'approved', decidedBy: { id: who, name: who } } : undefined,
        ),
      ),
    );
    const winners = results.filter((r) => r.changed);
    expect(winners).toHaveLength(1);
    expect((await s.get('apr_race0001'))?.decidedBy).toEqual(winners[0]!.approval.decidedBy);
  });

  it('claims an interaction once across store instances sharing a directory', async () => {
    const s = store();
    const twin = new ApprovalStore(s.dir);
    const claims = await Promise.all([s.claimInteraction('123456'), twin.claimInteraction('123456'), s.claimInteraction('123456')]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await s.claimInteraction('../etc')).toBe(false);
  });

  it('gives every process on one state directory the same instance id', async () => {
    const s = store();
    const ids = await Promise.all([s.instanceId(), new ApprovalStore(s.dir).instanceId(), new ApprovalStore(s.dir).instanceId()]);
    expect(new Set(ids).size).toBe(1);
  });

  it('lists newest first and never reads outside its folder', async () => {
    const s = store();
    await s.create(pending('apr_older001', '2026-01-01T00:00:00.000Z'));
    await s.create(pending('apr_newer001', '2026-02-01T00:00:00.000Z'));
    expect((await s.list()).map((a) => a.id)).toEqual(['apr_newer001', 'apr_older001']);
    expect(await s.get('../../../etc/passwd')).toBeUndefined();
  });
});
