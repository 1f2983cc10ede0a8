import { afterEach, describe, expect, it } from 'vitest';
import { toolsNamedIn } from '../../../testing/instructions.js';
import { tools as allTools } from '../tools/index.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('proxmox instructions', () => {
  it('name only tools listed with the elevated tier off', async () => {
    h = await startHarness({ elevated: 'false' });
    const listed = (await h.client.listTools()).tools.map((t) => t.name);
    const named = toolsNamedIn(
      h.client.getInstructions(),
      allTools.map((t) => t.name),
    );
    expect(named.filter((name) => !listed.includes(name))).toEqual([]);
  });
});
