import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('GITHUB_TOKEN left as the unexpanded ${GITHUB_TOKEN}', () => {
  it('is reported as not set, naming the variable, and never reaches GitHub', async () => {
    h = await startHarness({ env: { GITHUB_TOKEN: '${GITHUB_TOKEN}', GITHUB_REPOSITORY: '${GITHUB_REPOSITORY:-}' } });
    const pull = h.fake.addPull({ head: 'feature/x', title: 'x' });
    const result = await h.call('pr_status', { number: pull.number, repo: `${h.fake.state.owner}/${h.fake.state.name}` });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('GITHUB_TOKEN is the unexpanded text ${GITHUB_TOKEN}: set it in the environment Claude Code starts from');
    expect(h.fake.requests).toHaveLength(0);
  });
});
