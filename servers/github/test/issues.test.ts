import { afterEach, describe, expect, it } from 'vitest';
import { blockerMarker } from '../tools/issue-report.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => h?.close());

describe('issue_report', () => {
  it('files a blocker once and comments on it the second time, each signed by its instance, the issue marked for dedupe', async () => {
    h = await startHarness({ env: { PROTOLABS_INSTANCE: 'ada' } });
    const first = await h.call('issue_report', { title: 'CI runner out of disk', body: 'npm ci fails: ENOSPC', pr: 7 });
    expect(first.data).toMatchObject({ action: 'created', number: 1 });
    expect(first.text).toBe('Filed blocker #1: https://github.com/protolabs/demo/issues/1');
    const second = await h.call('issue_report', { title: 'CI runner  out of disk ', body: 'Still failing', branch: 'feature/x' });
    expect(second.data).toMatchObject({ action: 'commented', number: 1 });
    expect(second.text).toMatch(/^Blocker #1 was already open; commented there: /);
    expect(h.fake.state.issues).toHaveLength(1);
    expect(h.fake.state.issues[0]).toMatchObject({
      labels: ['blocker'],
      body: `npm ci fails: ENOSPC\n\nRelated PR: #7\n\nreported by instance ada\n\n${blockerMarker('CI runner out of disk')}`,
    });
    expect(h.fake.state.comments).toEqual([
      expect.objectContaining({ issueNumber: 1, body: 'Still failing\n\nRelated branch: `feature/x`\n\nreported by instance ada' }),
    ]);
  });

  it('finds the open blocker by its marker even after its title was edited', async () => {
    h = await startHarness();
    h.fake.addIssue({
      title: 'Disk full on runner 3 (investigating)',
      body: `ENOSPC\n\n${blockerMarker('CI runner out of disk')}`,
      labels: ['infra'],
    });
    const result = await h.call('issue_report', { title: 'ci runner out of DISK', body: 'again' });
    expect(result.data).toMatchObject({ action: 'commented', number: 1 });
    expect(h.fake.state.issues).toHaveLength(1);
  });

  it('two instances filing the same blocker at once end with one open issue: the later one closes its own as a duplicate and comments on the first', async () => {
    h = await startHarness({ env: { PROTOLABS_INSTANCE: 'bob' } });
    const fake = h.fake;
    let raced = false;
    // The other instance files between this one's look-up and its own filing.
    fake.onRequest((r) => {
      if (!raced && r.method === 'GET' && r.path.endsWith('/issues')) {
        raced = true;
        fake.addIssue({
          title: 'Registry down',
          body: `npm 503\n\nreported by instance ada\n\n${blockerMarker('Registry down')}`,
          labels: ['blocker'],
        });
      }
    });
    const result = await h.call('issue_report', { title: 'Registry down', body: 'npm 503 here too' });
    expect(result.data).toMatchObject({ action: 'commented', number: 1 });
    expect(fake.state.issues.filter((i) => i.state === 'open').map((i) => i.number)).toEqual([1]);
    expect(fake.state.issues[1]).toMatchObject({ number: 2, state: 'closed', stateReason: 'duplicate' });
    expect(fake.state.comments).toEqual([
      expect.objectContaining({ issueNumber: 1, body: 'npm 503 here too\n\nreported by instance bob' }),
    ]);
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
    const result = await h.call('issue_update', {
      number: issue.number,
      comment: 'Fixed in #9',
      state: 'closed',
      reason: 'completed',
      labels: ['bug'],
    });
    expect(result.data).toMatchObject({ state: 'closed', reason: 'completed', labels: ['bug'] });
    expect(result.text).toBe(`Issue #${issue.number}: commented ${String(result.data.commentUrl)}; closed (completed), labels [bug]`);
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
    expect(blockers.text).toBe('#2 open [blocker]: untrusted "B"\n#1 open [blocker] @alice: untrusted "A"');
    const mine = await h.call('issue_list', { assignee: 'alice' });
    expect((mine.data.issues as Array<{ title: string }>).map((i) => i.title)).toEqual(['A']);
  });
});
