import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => h?.close());

describe('pr_comment', () => {
  it('adds a conversation comment', async () => {
    h = await startHarness();
    const pr = h.fake.addPull({ head: 'feature/c' });
    const result = await h.call('pr_comment', { number: pr.number, body: 'Rebased.' });
    expect(result.data).toMatchObject({ number: pr.number, commentId: expect.any(Number) });
    expect(result.text).toBe(`Commented on PR #${pr.number}: ${String(result.data.url)}`);
    expect(h.fake.state.comments).toEqual([expect.objectContaining({ issueNumber: pr.number, body: 'Rebased.' })]);
  });

  it('replies inside a review thread and resolves it', async () => {
    h = await startHarness();
    const pr = h.fake.addPull({ head: 'feature/r' });
    const thread = h.fake.addThread({ pull: pr.number, path: 'a.ts', line: 1, comments: [{ author: 'alice', body: 'null check?' }] });
    const result = await h.call('pr_comment', {
      number: pr.number,
      body: 'Added.',
      replyTo: thread.commentIds[0],
      resolveThread: thread.id,
    });
    expect(result.isError).toBe(false);
    expect(result.data).toMatchObject({ inThreadOf: thread.commentIds[0], resolved: thread.id });
    expect(result.text).toBe(
      `Replied in the thread of comment ${thread.commentIds[0]} on PR #${pr.number}: ${String(result.data.url)}; resolved thread ${thread.id}`,
    );
    expect(thread.commentIds).toHaveLength(2);
    expect(thread.resolved).toBe(true);
    expect(h.fake.state.comments).toHaveLength(0);
  });

  it('refuses an empty call without contacting GitHub, and maps an unknown thread to not found', async () => {
    h = await startHarness();
    const pr = h.fake.addPull({ head: 'feature/e' });
    expect(await h.call('pr_comment', { number: pr.number })).toMatchObject({ isError: true, text: 'Pass body, resolveThread, or both.' });
    expect(h.fake.requests).toHaveLength(0);
    const missing = await h.call('pr_comment', { number: pr.number, resolveThread: 'PRRT_missing' });
    expect(missing).toMatchObject({ isError: true, text: 'Review thread PRRT_missing was not found or the token cannot see it.' });
  });
});

describe('pr_update', () => {
  it('changes title, readiness, reviewers and labels', async () => {
    h = await startHarness();
    const pr = h.fake.addPull({ head: 'feature/u', draft: true });
    const result = await h.call('pr_update', {
      number: pr.number,
      title: 'Better title',
      draft: false,
      reviewers: ['alice'],
      labels: ['enhancement'],
    });
    expect(result.data).toMatchObject({ draft: false, updated: ['title', 'draft', 'reviewers', 'labels'] });
    expect(result.text).toBe(`Updated PR #${pr.number} (title, draft, reviewers, labels); ready for review: ${String(result.data.url)}`);
    expect(pr).toMatchObject({ title: 'Better title', draft: false, requestedReviewers: ['alice'], labels: ['enhancement'] });
  });

  it('needs something to change', async () => {
    h = await startHarness();
    expect(await h.call('pr_update', { number: 1 })).toMatchObject({ isError: true, text: 'Nothing to change: pass at least one field.' });
  });
});

describe('pr_review', () => {
  it('submits a review with inline comments', async () => {
    h = await startHarness();
    const pr = h.fake.addPull({ head: 'feature/rv', author: 'someone-else' });
    const result = await h.call('pr_review', {
      number: pr.number,
      event: 'REQUEST_CHANGES',
      body: 'Two issues.',
      comments: [{ path: 'a.ts', line: 3, body: 'off by one' }],
    });
    expect(result.data).toMatchObject({ state: 'CHANGES_REQUESTED', inlineComments: 1 });
    expect(result.text).toBe(`Reviewed PR #${pr.number}: changes_requested, 1 inline comment(s): ${String(result.data.url)}`);
    expect(h.fake.state.threads).toEqual([expect.objectContaining({ path: 'a.ts', line: 3 })]);
  });

  it('explains GitHub’s refusal to approve one’s own PR in one sentence', async () => {
    h = await startHarness();
    const pr = h.fake.addPull({ head: 'feature/own' });
    const result = await h.call('pr_review', { number: pr.number, event: 'APPROVE' });
    expect(result).toMatchObject({ isError: true, text: 'GitHub rejected the request: Can not approve your own pull request.' });
  });
});

describe('pr_list', () => {
  it('lists one line per PR, filtered, with a cursor across GitHub pages', async () => {
    h = await startHarness();
    for (let i = 0; i < 130; i++)
      h.fake.addPull({ head: `feature/p${i}`, author: i % 2 ? 'alice' : 'bob', labels: i % 3 === 0 ? ['blocker'] : [] });
    const first = await h.call('pr_list', { author: 'alice', limit: 40 });
    const prs = first.data.prs as Array<{ number: number; author: string }>;
    expect(prs).toHaveLength(40);
    expect(prs.every((p) => p.author === 'alice')).toBe(true);
    expect(first.text.split('\n')[0]).toMatch(/^#130 open feature\/p129→main by alice \[blocker\]: untrusted "Change from feature\/p129"$/);
    const second = await h.call('pr_list', { author: 'alice', limit: 40, cursor: first.data.nextCursor });
    const more = second.data.prs as Array<{ number: number }>;
    expect(more).toHaveLength(25);
    expect(second.data.nextCursor).toBeUndefined();
    expect(new Set([...prs, ...more].map((p) => p.number)).size).toBe(65);
    const labelled = await h.call('pr_list', { label: 'blocker', head: 'feature/p3' });
    expect((labelled.data.prs as Array<{ number: number }>).map((p) => p.number)).toEqual([4]);
  });

  it('refuses a cursor it did not hand out', async () => {
    h = await startHarness();
    expect(await h.call('pr_list', { cursor: 'zzz' })).toMatchObject({
      isError: true,
      text: expect.stringContaining('must be a nextCursor this tool returned at cursor'),
    });
  });
});
