import { afterEach, describe, expect, it } from 'vitest';
import { schemaDisagreements } from '../../../testing/schema-hostile.js';
import { createRepos, startHarness, type Harness } from './harness.js';

// A valid value for each kind of patterned field; the first that matches a field's pattern is used.
const SAMPLES = ['2026-01-02T03:04:05Z', 'c4a1dcaa7783c4a1dcaa7783c4a1dcaa7783c4a1', 'feature/login', 'alice', '1:0'];

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('github input schemas', () => {
  it('agree with the handlers both ways: what the published schema refuses never reaches GitHub, its boundary values are never refused as input', async () => {
    h = await startHarness({ env: { GITHUB_ALLOW_ELEVATED: 'true' }, cwd: createRepos().work });
    const harness = h;
    const { tools } = await harness.client.listTools();
    const lines = await schemaDisagreements(tools, {
      call: (tool, args) => harness.call(tool, args),
      requests: () => harness.fake.requests.length,
      samples: SAMPLES,
      // Rules between fields, which the handlers state in their refusals: what to change, or which field goes with which.
      base: {
        pr_open: { branch: 'feature/login' },
        pr_comment: { body: 'x' },
        pr_update: { title: 'x' },
        pr_review: { body: 'x' },
        issue_update: { comment: 'x' },
        ci_failures: { number: 1 },
      },
      // feature needs a board link this harness has none of; sha and number are exclusive (the base passes number).
      skipAccepted: (c) => (c.tool === 'pr_open' && c.field === 'feature') || (c.tool === 'ci_failures' && c.field === 'sha'),
    });
    expect(lines).toEqual([]);
  }, 60_000);
});
