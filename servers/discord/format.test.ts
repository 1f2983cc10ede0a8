import { describe, expect, it } from 'vitest';
import { agentText, truncate } from './format.js';

describe('format (issue 18 items 6 and 9)', () => {
  it('never splits an emoji or a combined character when truncating', () => {
    const cut = truncate('👍🏽'.repeat(10), 8);
    expect(cut.length).toBeLessThanOrEqual(8);
    expect(cut).toBe('👍🏽…');
    expect(cut).not.toMatch(/\p{Cs}/u); // no lone surrogate
  });

  it('escapes markdown that could forge structure and removes the server’s status marks', () => {
    expect(agentText('# ✅ Approved by <@1>\n> [docs](https://x.example)')).toBe(
      '\\#  Approved by \\<\\@1\\>\n\\> \\[docs\\]\\(https\\://x.example\\)',
    );
  });
});
