/**
 * Issue 15: the board beside the Automaker apps. Each app's board, shaped as the app writes it (fixtures/app-boards.ts),
 * is loaded and written by every tool that writes; the file must change only in the fields that tool changes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AppFeature, PROTOMAKER, UPSTREAM, appText, useAppBoard } from './fixtures/app-boards.js';
import type { TestBoard } from './harness.js';

const app = useAppBoard();
const open = (features: Record<string, AppFeature>, settings?: Record<string, unknown>) => app.open(features, settings);

function text(id: string): string {
  return readFileSync(join(app.repo(), '.automaker', 'features', id, 'feature.json'), 'utf8');
}
function onDisk(id: string): Record<string, unknown> {
  return JSON.parse(text(id));
}

/** The file with the fields the tool changes taken out, in its own key order, as text: equal means byte-for-byte the rest. */
function without(value: Record<string, unknown>, changed: string[]): string {
  const rest = Object.fromEntries(Object.entries(value).filter(([key]) => !changed.includes(key)));
  return JSON.stringify(rest, null, 2);
}

function expectOnlyChanged(before: AppFeature, changed: string[]): Record<string, unknown> {
  const after = onDisk(before.id);
  expect(without(after, changed), before.id).toBe(without(before, changed));
  return after;
}

const BOARDS = { upstream: UPSTREAM, protoMaker: PROTOMAKER } as const;

describe.each(Object.entries(BOARDS))('a board written by %s', (_name, features) => {
  it('a no-op feature_update writes nothing: every file stays byte-for-byte', async () => {
    const b = await open(features);
    for (const feature of Object.values(features)) {
      const result = await b.call('feature_update', { id: feature.id, category: feature.category });
      expect(result.isError, result.text).toBe(false);
      expect(result.text).toMatch(/^Unchanged/);
      expect(text(feature.id), feature.id).toBe(appText(feature));
    }
  });

  it('feature_update changes only the field it sets (and updatedAt): the app’s status, empty title and missing fields stay', async () => {
    const b = await open(features);
    for (const feature of Object.values(features)) {
      const result = await b.call('feature_update', { id: feature.id, summary: 'noted by the board' });
      expect(result.isError, result.text).toBe(false);
      const after = expectOnlyChanged(feature, ['summary', 'updatedAt']);
      expect(after.summary).toBe('noted by the board');
      expect(Object.keys(after).slice(0, Object.keys(feature).length), 'key order').toEqual(Object.keys(feature));
    }
  });

  it('feature_claim by id and feature_release change only the claim’s fields and the status; the status is the board’s word', async () => {
    const b = await open(features);
    const claimFields = [
      'status',
      'statusHistory',
      'statusChangeReason',
      'updatedAt',
      'claimedBy',
      'claimSession',
      'leaseExpiresAt',
      'completedAt',
    ];
    let claimed = 0;
    for (const feature of Object.values(features)) {
      const force = (await b.call('feature_get', { id: feature.id })).data.feature as { heldBy?: string };
      const result = await b.call('feature_claim', {
        id: feature.id,
        worktree: false,
        ...(force.heldBy ? { force: true, reason: 'test' } : {}),
      });
      if (result.isError) {
        expect(text(feature.id), `${feature.id}: ${result.text}`).toBe(appText(feature));
        continue;
      }
      claimed++;
      expect(expectOnlyChanged(feature, claimFields)).toMatchObject({ status: 'in_progress', claimedBy: 'session-a' });
      const released = await b.call('feature_release', { id: feature.id, status: 'blocked', note: 'paused' });
      expect(released.isError, released.text).toBe(false);
      const after = expectOnlyChanged(feature, claimFields);
      expect(after.status).toBe(features === UPSTREAM ? 'failed' : 'blocked');
      expect(after).not.toHaveProperty('claimedBy');
    }
    expect(claimed).toBeGreaterThan(5);
  });

  it('feature_log writes our own log file and leaves feature.json and agent-output.md alone', async () => {
    const b = await open(features);
    const feature = Object.values(features)[0] as AppFeature;
    const logged = await b.call('feature_log', { id: feature.id, text: 'decided on tabs' });
    expect(logged.isError, logged.text).toBe(false);
    const dir = join(app.repo(), '.automaker', 'features', feature.id);
    expect(readFileSync(join(dir, 'board-log.md'), 'utf8')).toContain('decided on tabs');
    expect(existsSync(join(dir, 'agent-output.md'))).toBe(false);
    expect(text(feature.id)).toBe(appText(feature));
    // The app's run output and our notes are both in the tail (the web board reads the same tail): the app's first.
    writeFileSync(join(dir, 'agent-output.md'), 'Agent: tests pass\n');
    const got = await b.call('feature_get', { id: feature.id });
    const tail = (got.data.feature as { logTail: string[] }).logTail;
    expect(tail[0]).toBe('Agent: tests pass');
    expect(tail.at(-1)).toBe('decided on tabs');
  });
});

describe('statuses: read in ours, shown with the app’s, written in the board’s vocabulary', () => {
  it('shows the app’s status where it differs from ours', async () => {
    const b = await open(UPSTREAM);
    const list = await b.call('feature_list');
    expect(list.text).toContain(`${UPSTREAM.running!.id} · in_progress (app: running)`);
    expect(list.text).toContain(`${UPSTREAM.waitingApproval!.id} · review (app: waiting_approval)`);
    const got = await b.call('feature_get', { id: UPSTREAM.pipeline!.id });
    expect(got.data.feature).toMatchObject({ status: 'backlog (app: pipeline_step_k3j2h1)' });
    expect(got.text).toContain('backlog (app: pipeline_step_k3j2h1)');
  });

  it('on an upstream board, review → waiting_approval, done → verified, blocked → failed; priorities on its 1–3 scale', async () => {
    const b = await open(UPSTREAM);
    const blocked = await b.call('feature_move', { id: UPSTREAM.backlog!.id, status: 'blocked', reason: 'needs a design' });
    expect(blocked.isError, blocked.text).toBe(false);
    expect(expectOnlyChanged(UPSTREAM.backlog!, ['status', 'statusHistory', 'statusChangeReason', 'updatedAt'])).toMatchObject({
      status: 'failed',
    });
    const done = await b.call('feature_move', {
      id: UPSTREAM.waitingApproval!.id,
      status: 'done',
      force: true,
      reason: 'approved by hand',
    });
    expect(done.isError, done.text).toBe(false);
    expect(done.text).toMatch(/^waiting_approval → \S+ · done \(app: verified\)/);
    expect(
      expectOnlyChanged(UPSTREAM.waitingApproval!, ['status', 'statusHistory', 'statusChangeReason', 'updatedAt', 'completedAt']),
    ).toMatchObject({
      status: 'verified',
    });
    // Our 3 (normal) is upstream's 2 (Medium); upstream's 1 (High) reads as our 2.
    expect((await b.call('feature_update', { id: UPSTREAM.pending!.id, priority: 3 })).isError).toBe(false);
    expect(onDisk(UPSTREAM.pending!.id)).toMatchObject({ priority: 2 });
    expect((await b.call('feature_get', { id: UPSTREAM.verified!.id })).data.feature).toMatchObject({ priority: 2 });
  });

  it('a board set to upstream in settings.json gets upstream statuses though no feature says so yet', async () => {
    const b = await open({ backlog: UPSTREAM.backlog! }, { version: 1, boardDialect: 'automaker' });
    const created = await b.call('feature_create', { features: [{ title: 'Fresh', priority: 4 }] });
    const id = (created.data.features as Array<{ id: string }>)[0]!.id;
    expect(onDisk(id)).toMatchObject({ status: 'backlog', priority: 3 });
    await b.call('feature_move', { id, status: 'blocked', reason: 'waiting' });
    expect(onDisk(id)).toMatchObject({ status: 'failed' });
  });

  it('a new board writes the canonical vocabulary', async () => {
    const b = await open({});
    const created = await b.call('feature_create', { features: [{ title: 'Fresh', priority: 4 }] });
    const id = (created.data.features as Array<{ id: string }>)[0]!.id;
    await b.call('feature_move', { id, status: 'blocked', reason: 'waiting' });
    expect(onDisk(id)).toMatchObject({ status: 'blocked', priority: 4 });
  });

  it('on a protoMaker board, statuses are written as they are', async () => {
    const b = await open(PROTOMAKER);
    const moved = await b.call('feature_move', { id: PROTOMAKER.backlog!.id, status: 'blocked', reason: 'needs a design' });
    expect(moved.isError, moved.text).toBe(false);
    expect(expectOnlyChanged(PROTOMAKER.backlog!, ['status', 'statusHistory', 'statusChangeReason', 'updatedAt'])).toMatchObject({
      status: 'blocked',
    });
  });
});

describe('the queue takes only what nobody else is doing', () => {
  async function drain(b: TestBoard): Promise<{ ids: string[]; reason: string }> {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const claimed = await b.call('feature_claim', { worktree: false });
      expect(claimed.isError, claimed.text).toBe(false);
      const feature = claimed.data.feature as { id: string } | null;
      if (!feature) return { ids, reason: String(claimed.data.reason) };
      ids.push(feature.id);
    }
    throw new Error('the queue never emptied');
  }

  it('upstream: backlog, pending and ready in priority order; never in_progress, running, pipeline, failed or finished work', async () => {
    const b = await open(UPSTREAM);
    const { ids } = await drain(b);
    expect(ids).toEqual([UPSTREAM.dependent!.id, UPSTREAM.backlog!.id, UPSTREAM.pending!.id, UPSTREAM.ready!.id]);
    // A claim changes only the claim's fields; the upstream status in_progress is the same word in both vocabularies.
    expectOnlyChanged(UPSTREAM.pending!, [
      'status',
      'statusHistory',
      'statusChangeReason',
      'updatedAt',
      'claimedBy',
      'claimSession',
      'leaseExpiresAt',
    ]);
    expect(text(UPSTREAM.inProgress!.id)).toBe(appText(UPSTREAM.inProgress!));
    expect(text(UPSTREAM.pipeline!.id)).toBe(appText(UPSTREAM.pipeline!));
  });

  it('protoMaker: never interrupted, claimed there, assigned to a person, an epic or archived', async () => {
    const b = await open(PROTOMAKER);
    const { ids, reason } = await drain(b);
    expect(ids).toEqual([PROTOMAKER.ready!.id, PROTOMAKER.backlog!.id]);
    expect(reason).toMatch(/5 more are kept out of the queue/);
    for (const key of ['inProgress', 'interrupted', 'claimed', 'assigned', 'epic', 'archived']) {
      expect(text(PROTOMAKER[key]!.id), key).toBe(appText(PROTOMAKER[key]!));
    }
  });

  it('refuses by id work the app is running; force with a reason takes it over and says so in the history', async () => {
    const b = await open(UPSTREAM);
    const id = UPSTREAM.inProgress!.id;
    const refused = await b.call('feature_claim', { id, worktree: false });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('being worked on in the app');
    expect(text(id)).toBe(appText(UPSTREAM.inProgress!));
    const forced = await b.call('feature_claim', { id, worktree: false, force: true, reason: 'the app crashed' });
    expect(forced.isError, forced.text).toBe(false);
    const history = onDisk(id).statusHistory as Array<{ reason?: string }>;
    expect(history.at(-1)?.reason).toMatch(/forced take-over of the app's work \(in_progress\) by session-a: the app crashed/);
    const running = UPSTREAM.running!.id;
    expect((await b.call('feature_claim', { id: running, worktree: false, force: true, reason: 'stuck' })).isError).toBe(false);
    expect(onDisk(running)).toMatchObject({
      status: 'in_progress',
      statusHistory: [expect.objectContaining({ from: 'running', to: 'in_progress' })],
    });
  });

  it('a protoMaker claim without a lease is the app’s: shown in feature_get, not locked forever, taken only with force', async () => {
    const b = await open(PROTOMAKER);
    const id = PROTOMAKER.claimed!.id;
    const got = await b.call('feature_get', { id });
    expect(got.data.feature).toMatchObject({ claimedBy: 'instance-7f3a', heldBy: expect.stringContaining('the app') });
    expect(got.text).not.toContain('until undefined');
    const refused = await b.call('feature_claim', { id, worktree: false });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('claimed by instance-7f3a');
    expect(refused.text).not.toContain('undefined');
    // Editing a field is not taking the work: allowed, and only that field changes.
    expect((await b.call('feature_update', { id, summary: 'scoped' })).isError).toBe(false);
    const moved = await b.call('feature_move', { id, status: 'blocked', reason: 'mine now' });
    expect(moved.isError).toBe(true);
    const forced = await b.call('feature_claim', { id, worktree: false, force: true, reason: 'instance is gone' });
    expect(forced.isError, forced.text).toBe(false);
    expect(onDisk(id)).toMatchObject({ status: 'in_progress', claimedBy: 'session-a' });
  });
});

describe('evidence and the check command of protoMaker', () => {
  it('reads protoMaker’s evidence and check command: review is refused with a reason, not a crash', async () => {
    const b = await open(PROTOMAKER, { version: 1, workflow: { requireVerificationEvidence: { enabled: true, command: 'npm test' } } });
    const id = PROTOMAKER.review!.id;
    const got = await b.call('feature_get', { id });
    expect(got.data.feature).toMatchObject({
      verificationEvidence: { command: 'npm test', passed: true, ranAt: '2026-11-27T08:00:00.000Z', output: 'ok 12 tests' },
    });
    expect((await b.call('feature_move', { id, status: 'in_progress' })).isError).toBe(false);
    const review = await b.call('feature_move', { id, status: 'review' });
    expect(review.isError).toBe(true);
    expect(review.text).toMatch(/names no commit .*run feature_verify/);
    expect(review.text).not.toMatch(/unexpected/i);
  });

  it('feature_verify on a protoMaker feature writes protoMaker’s evidence shape and changes nothing else of the claimed file', async () => {
    const b = await open(PROTOMAKER, { version: 1, workflow: { requireVerificationEvidence: { enabled: true, command: 'echo checked' } } });
    const feature = PROTOMAKER.backlog!;
    const claimed = await b.call('feature_claim', { id: feature.id });
    expect(claimed.isError, claimed.text).toBe(false);
    const before = onDisk(feature.id);
    expect(before.branchName).toBe(feature.branchName);
    const verified = await b.call('feature_verify', { id: feature.id });
    expect(verified.isError, verified.text).toBe(false);
    const after = onDisk(feature.id);
    expect(without(after, ['verificationEvidence', 'updatedAt', 'leaseExpiresAt'])).toBe(
      without(before, ['verificationEvidence', 'updatedAt', 'leaseExpiresAt']),
    );
    expect(after.verificationEvidence).toMatchObject({
      command: 'echo checked',
      passed: true,
      ranAt: expect.any(String),
      durationMs: expect.any(Number),
      output: expect.stringContaining('checked'),
    });
    expect(after.verificationEvidence).not.toHaveProperty('at');
  });

  it('feature_verify takes the command from protoMaker’s workflow setting', async () => {
    const b = await open(PROTOMAKER, { version: 1, workflow: { requireVerificationEvidence: { enabled: true, command: 'true' } } });
    const verified = await b.call('feature_verify', { id: PROTOMAKER.backlog!.id });
    expect(verified.text).not.toContain('No check command is configured');
  });
});
