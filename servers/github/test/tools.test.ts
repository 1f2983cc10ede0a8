import { afterEach, describe, expect, it } from 'vitest';
import { toolContractViolations, toolListSize } from '../../../testing/tool-contract.js';
import { startHarness, type Harness } from './harness.js';
import { listedNames, snapshotToolNames } from '../../../testing/tool-snapshot.js';

let h: Harness | undefined;
afterEach(async () => h?.close());

describe('tools/list', () => {
  it('matches the committed snapshot with every tier enabled, follows the tool contract and stays under 3.3k tokens', async () => {
    h = await startHarness({ env: { GITHUB_ALLOW_ELEVATED: 'true' } });
    const { tools } = await h.client.listTools();
    await expect(JSON.stringify(tools, null, 2)).toMatchFileSnapshot('./__snapshots__/tools.json');
    expect(toolContractViolations(tools)).toEqual([]);
    expect(listedNames(tools)).toEqual(snapshotToolNames('github'));
    // 2.3k before the schemas listed every limit the handlers enforce (patterns, lengths, integer ranges): 3.2k.
    expect(toolListSize(tools).tokens).toBeLessThan(3300);
    expect(tools.find((t) => t.name === 'pr_merge')?.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
    for (const t of tools.filter((x) => x.annotations?.readOnlyHint)) expect(t.annotations?.destructiveHint).toBe(false);
  });

  it('lists eleven tools without the elevated tier', async () => {
    h = await startHarness();
    const { tools } = await h.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'ci_failures',
      'issue_list',
      'issue_report',
      'issue_update',
      'pr_comment',
      'pr_feedback',
      'pr_list',
      'pr_open',
      'pr_review',
      'pr_status',
      'pr_update',
    ]);
  });
});
