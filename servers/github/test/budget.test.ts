import { afterEach, describe, expect, it } from 'vitest';
import type { ToolCall } from '../../../testing/mcp-client.js';
import { seedRealisticPr, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => h?.close());

/** The issue's budget: no answer over ~4k tokens (bytes ÷ 4), for what the model reads and for structuredContent. */
const MAX_TOKENS = 4000;
const tokens = (value: unknown) => Math.round(Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value)) / 4);

function expectWithinBudget(name: string, result: ToolCall, max = MAX_TOKENS) {
  expect(result.isError, `${name}: ${result.text}`).toBe(false);
  expect(tokens(result.text), `${name} text`).toBeLessThanOrEqual(max);
  expect(tokens(result.data), `${name} structuredContent`).toBeLessThanOrEqual(max);
}

describe('answer sizes for a realistic PR (30 checks, 20 review comments, 25 conversation comments)', () => {
  it('keeps every read tool’s answer within budget', async () => {
    h = await startHarness();
    const number = seedRealisticPr(h.fake);
    for (let i = 0; i < 60; i++) h.fake.addIssue({ title: `Blocker ${i}: ${'long title words '.repeat(20)}`, labels: ['blocker'] });
    const status = await h.call('pr_status', { number });
    expectWithinBudget('pr_status', status, 800);
    expect(status.data.checks).toMatchObject({ total: 30, failed: 3, pending: 3 });
    const feedback = await h.call('pr_feedback', { number });
    expectWithinBudget('pr_feedback', feedback);
    expect(feedback.data).toMatchObject({ unresolvedThreads: 8, olderCommentsOmitted: 15 });
    const failures = await h.call('ci_failures', { number });
    expectWithinBudget('ci_failures', failures);
    expect(failures.data).toMatchObject({ failed: 3, checked: 30 });
    expectWithinBudget('pr_list', await h.call('pr_list', { limit: 50 }));
    expectWithinBudget('issue_list', await h.call('issue_list', { limit: 50 }));
  });
});
