import { afterEach, describe, expect, it } from 'vitest';
import { toolsNamedIn } from '../../../testing/instructions.js';
import { tools as allTools } from '../tools/index.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('github instructions', () => {
  it('name only tools listed with the elevated tier off (pr_merge is not)', async () => {
    h = await startHarness();
    const listed = (await h.client.listTools()).tools.map((t) => t.name);
    const named = toolsNamedIn(
      h.client.getInstructions(),
      allTools.map((t) => t.name),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !listed.includes(name))).toEqual([]);
  });
});
