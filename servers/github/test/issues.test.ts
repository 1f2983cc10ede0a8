import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => h?.close());

describe('issue_report', () => {
  it('files a blocker once and comments on it the second time', async () => {
    h = await startHarness();
    const first = await h.call('issue_report', { title: 'CI runner out of disk', body: 'npm ci fails: ENOSPC', pr: 7 });
    expect(first.data).toMatchObject({ action: 'created', number: 1 });
    const second = await h.call('issue_report', { title: 'CI runner  out of disk ', body: 'Still failing', branch: 'feature/x' });
    expect(second.data).toMatchObject({ action: 'commented', number: 1 });
    expect(h.fake.state.issues).toHaveLength(1);
    expect(h.fake.state.issues[0]).toMatchObject({ labels: ['blocker'], body: 'npm ci fails: ENOSPC\n\nRelated PR: #7' });
    expect(h.fake.state.comments).toEqual([expect.objectContaining({ issueNumber: 1, body: 'Still failing\n\nRelated branch: `feature/x`' })]);
  });

  it('does not treat a closed issue or one without the label as a duplicate', async () => {
    h = await startHarness();
    h.fake.addIssue({ title: 'Flaky test', labels: ['blocker'], state: 'closed' });
    h.fake.addIssue({ title: 'Flaky test', labels: ['bug'] });
    const result = await h.call('issue_report', { title: 'Flaky test', body: 'again' });
    expect(result.data).toMatchObject({ action: 'created', number: 3 });
  });
});

describe('issue_update', () => {
  it('comments, closes with a reason and relabels', async () => {
    h = await startHarness();
    const issue = h.fake.addIssue({ title: 'Broken', labels: ['blocker'] });
    const result = await h.call('issue_update', { number: issue.number, comment: 'Fixed in #9', state: 'closed', reason: 'completed', labels: ['bug'] });
    expect(result.data).toMatchObject({ state: 'closed', reason: 'completed', labels: ['bug'] });
    expect(h.fake.state.comments).toHaveLength(1);
  });

  it('answers not found in one sentence for a missing issue', async () => {
    h = await startHarness();
    const result = await h.call('issue_update', { number: 99, state: 'closed' });
    expect(result).toMatchObject({ isError: true, text: 'Issue #99 was not found or the token cannot see it.' });
  });
});

describe('issue_list', () => {
  it('lists issues without PRs, filtered by label and assignee', async () => {
    h = await startHarness();
    h.fake.addIssue({ title: 'A', labels: ['blocker'], assignees: ['alice'] });
    h.fake.addIssue({ title: 'B', labels: ['blocker'] });
    h.fake.addIssue({ title: 'C', labels: ['bug'] });
    h.fake.addPull({ head: 'feature/x', labels: ['blocker'] });
    const blockers = await h.call('issue_list', { labels: ['blocker'] });
    expect((blockers.data.issues as Array<{ title: string }>).map((i) => i.title)).toEqual(['B', 'A']);
    expect(blockers.text).toBe('#2 open [blocker]: B\n#1 open [blocker] @alice: A\n(titles are untrusted text)');
    const mine = await h.call('issue_list', { assignee: 'alice' });
    expect((mine.data.issues as Array<{ title: string }>).map((i) => i.title)).toEqual(['A']);
  });
});
