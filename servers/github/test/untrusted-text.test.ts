import { afterEach, describe, expect, it } from 'vitest';
import { HOSTILE, onlyInsideLabels } from '../../../testing/untrusted-text.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('github texts carry outside text only inside untrusted labels', () => {
  it('pr_status: the title and check names, beside the state, counts and blockers', async () => {
    h = await startHarness();
    const pr = h.fake.addPull({ head: 'feature/x', title: HOSTILE });
    h.fake.addCheckRun({ sha: pr.headSha, name: HOSTILE, conclusion: 'failure', required: true });
    const { text } = await h.call('pr_status', { number: pr.number });
    expect(onlyInsideLabels(text)).toBe(true);
    expect(text).toContain(`PR #${pr.number} open`);
    expect(text).toContain('1 failed');
    expect(text).toContain('(required)');
    expect(text).toMatch(/blocked: .*1 required check\(s\) failing/);
  });

  it('pr_list and issue_list: titles', async () => {
    h = await startHarness();
    const pr = h.fake.addPull({ head: 'feature/x', title: HOSTILE });
    const issue = h.fake.addIssue({ title: HOSTILE, labels: ['blocker'] });
    const prs = await h.call('pr_list', {});
    expect(onlyInsideLabels(prs.text)).toBe(true);
    expect(prs.text).toContain(`#${pr.number} open feature/x→`);
    const issues = await h.call('issue_list', {});
    expect(onlyInsideLabels(issues.text)).toBe(true);
    expect(issues.text).toContain(`#${issue.number} open [blocker]`);
  });

  it('pr_feedback: review bodies, thread comments and conversation comments, with the ids a reply needs', async () => {
    h = await startHarness();
    const pr = h.fake.addPull({ head: 'feature/x' });
    h.fake.addReview({ pull: pr.number, author: 'alice', state: 'CHANGES_REQUESTED', body: HOSTILE });
    const thread = h.fake.addThread({
      pull: pr.number,
      path: 'src/a.ts',
      line: 12,
      comments: [
        { author: 'alice', body: HOSTILE },
        { author: 'bob', body: HOSTILE },
      ],
    });
    h.fake.addComment({ issue: pr.number, author: 'carol', body: HOSTILE });
    const { text, isError } = await h.call('pr_feedback', { number: pr.number });
    expect(isError).toBe(false);
    expect(onlyInsideLabels(text)).toBe(true);
    expect(text).toContain('alice changes_requested');
    expect(text).toContain(thread.id);
    expect(text).toContain('src/a.ts:12');
    expect(text).toContain(`replyTo ${thread.commentIds[0]}`);
    expect(text).toContain('pr_comment');
  });

  it('ci_failures: check names, summaries and log tails', async () => {
    h = await startHarness();
    const pr = h.fake.addPull({ head: 'feature/x' });
    h.fake.addCheckRun({
      sha: pr.headSha,
      name: HOSTILE,
      conclusion: 'failure',
      title: HOSTILE,
      summary: HOSTILE,
      log: `${HOSTILE}\n##[error]Process completed with exit code 1.`,
    });
    h.fake.addStatus({ sha: pr.headSha, context: HOSTILE, state: 'failure', description: HOSTILE });
    const { text } = await h.call('ci_failures', { number: pr.number });
    expect(onlyInsideLabels(text)).toBe(true);
    expect(text).toContain(`2 failed check(s) on ${pr.headSha.slice(0, 12)}`);
    expect(text).toContain('exit code 1');
  });
});
